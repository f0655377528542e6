// Verifies one USDT (TRC-20) payment by its transaction hash against a TronGrid-compatible HTTP
// API (REFERENCES.md §1). Call rules, at most 2 calls unless minConfirmations > 19:
//  1. POST /walletsolidity/gettransactioninfobyid — found: the receipt is solidified (final, ≥ 19
//     blocks deep), so it is decided here: confirmed or rejected.
//  2. Only when (1) answered `{}`: POST /wallet/gettransactioninfobyid — `{}`: pending "not found on
//     the chain yet"; found: pending "waiting for confirmations". A FullNode receipt is never
//     decided on: until it solidifies, a fork can still change its result or timestamp.
//  3. Only when minConfirmations > 19 and (1) found a payment that would be confirmed:
//     POST /wallet/getnowblock, confirmations = head − blockNumber. Below 19 solidification is the
//     bar all the same: the solidity node is the one source of finality.
// Any HTTP trouble (network, timeout, 429/403/5xx, unexpected body) → pending "TronGrid
// unavailable: …", never a throw and no retry here: the caller checks again later, with backoff.
// Amounts are BigInt base units (6 decimals) from end to end, never floats.
import { z } from "zod";
import { AppError } from "../errors";
import type { TPaymentProvider, TPaymentToVerify, TVerification } from "./provider";
import { anyToHex20, hex20ToTron } from "../lib/tron-address";

export type TTrc20Config = {
  apiUrl: string;
  apiKey?: string;
  /** The USDT TRC-20 contract (base58 `T…` or hex); mainnet TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t. */
  usdtContract: string;
  /** Our receiving address (base58 `T…` or hex). */
  receivingAddress: string;
  minConfirmations: number;
  /** Transfers whose block is more than this many hours before submission are refused. */
  windowHours: number;
  fetch?: typeof fetch;
  /** Per HTTP call; default 10 s. */
  timeoutMs?: number;
};

/** keccak256("Transfer(address,address,uint256)"), topics[0] of every TRC-20 Transfer event. */
const TRANSFER_TOPIC = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
/** Blocks behind the head at which TRON solidifies a block (19 of 27 SRs, REFERENCES.md §1.3). */
export const SOLIDIFIED_DEPTH = 19;
const BASE_UNITS = 1_000_000n;

/** "49.5" → 49500000n, exactly. Throws INVALID_INPUT on anything but a plain decimal with ≤ 6 decimals. */
export function usdtToBaseUnits(amount: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(amount.trim());
  if (!m) throw new AppError("INVALID_INPUT", `not a USDT amount with at most 6 decimals: ${JSON.stringify(amount)}`);
  return BigInt(m[1]!) * BASE_UNITS + BigInt((m[2] ?? "").padEnd(6, "0"));
}

/** 49500000n → "49.5"; 49000000n → "49". */
export function formatUsdt(baseUnits: bigint): string {
  const fraction = (baseUnits % BASE_UNITS).toString().padStart(6, "0").replace(/0+$/, "");
  return `${baseUnits / BASE_UNITS}${fraction ? "." + fraction : ""}`;
}

const ZTxInfo = z.object({
  id: z.string(),
  blockNumber: z.number().int(),
  blockTimeStamp: z.number(),
  receipt: z.object({ result: z.string().optional() }).default({}),
  result: z.string().optional(),
  resMessage: z.string().optional(),
  log: z.array(z.object({ address: z.string(), topics: z.array(z.string()).default([]), data: z.string().default("") })).optional(),
});
type TTxInfo = z.infer<typeof ZTxInfo>;
const ZNowBlock = z.object({ block_header: z.object({ raw_data: z.object({ number: z.number().int() }) }) });

type TTransfer = { logIndex: number; contract: string; from: string; to: string; value: bigint };
type TFetched = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/** Transfer events of any token in the receipt, addresses as 40 lowercase hex; malformed logs are skipped. */
function transfersOf(info: TTxInfo): TTransfer[] {
  const word = (s: string | undefined) => s?.toLowerCase().replace(/^0x/, "");
  return (info.log ?? []).flatMap((log, logIndex) => {
    const [topic, from, to] = log.topics.map(word);
    const contract = anyToHex20(log.address);
    const data = word(log.data) ?? "";
    if (topic !== TRANSFER_TOPIC || !contract || !from || !to || !/^[0-9a-f]{1,64}$/.test(data)) return [];
    return [{ logIndex, contract, from: from.slice(-40), to: to.slice(-40), value: BigInt("0x" + data) }];
  });
}

const utc = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const hexText = (hex?: string) => (hex && /^([0-9a-f]{2})+$/i.test(hex) ? Buffer.from(hex, "hex").toString("utf8") : hex);

export function createTrc20Provider(config: TTrc20Config): TPaymentProvider {
  const usdtHex = anyToHex20(config.usdtContract);
  const ourHex = anyToHex20(config.receivingAddress);
  if (!usdtHex) throw new Error(`usdtContract is not a TRON address: ${config.usdtContract}`);
  if (!ourHex) throw new Error(`receivingAddress is not a TRON address: ${config.receivingAddress}`);
  const usdt = hex20ToTron(usdtHex);
  const ours = hex20ToTron(ourHex);
  const apiUrl = config.apiUrl.replace(/\/+$/, "");
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (config.apiKey) headers["TRON-PRO-API-KEY"] = config.apiKey;

  async function post(path: string, body: unknown): Promise<TFetched> {
    const unavailable = (why: string): TFetched => ({ ok: false, reason: `TronGrid unavailable: ${why}` });
    try {
      const res = await doFetch(apiUrl + path, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      if (!res.ok) return unavailable(`HTTP ${res.status}${res.status === 429 || res.status === 403 ? " (rate limited)" : ""} on ${path}`);
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return unavailable(`unexpected answer on ${path}`);
      if ("Error" in parsed) return unavailable(`${String(parsed.Error)} on ${path}`);
      return { ok: true, body: parsed as Record<string, unknown> };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === "TimeoutError") return unavailable(`no answer within ${timeoutMs} ms on ${path}`);
      if (err instanceof SyntaxError) return unavailable(`invalid JSON on ${path}`);
      return unavailable(`${err.cause?.code ?? err.cause?.message ?? err.message} on ${path}`);
    }
  }

  /** A receipt: null when the node does not know the transaction (`{}`), else its parsed shape or an error. */
  async function txInfo(path: string, txid: string): Promise<{ ok: true; info: TTxInfo | null } | { ok: false; reason: string }> {
    const res = await post(path, { value: txid });
    if (!res.ok) return res;
    if (Object.keys(res.body).length === 0) return { ok: true, info: null };
    const parsed = ZTxInfo.safeParse(res.body);
    if (!parsed.success || parsed.data.id.toLowerCase() !== txid) return { ok: false, reason: `TronGrid unavailable: unexpected receipt on ${path}` };
    return { ok: true, info: parsed.data };
  }

  /** What this receipt proves about the payment, before counting confirmations. */
  function judge(info: TTxInfo, payment: TPaymentToVerify, expected: bigint, txid: string): TVerification {
    const base = { txHash: txid, blockNumber: info.blockNumber, blockTimestamp: new Date(info.blockTimeStamp).toISOString() };
    const receiptResult = info.receipt.result;
    const execution = receiptResult && receiptResult !== "SUCCESS" ? receiptResult : info.result === "FAILED" ? "FAILED" : undefined;
    if (execution) {
      return { status: "rejected", reason: `transaction failed (${execution})`, details: { ...base, result: execution, message: hexText(info.resMessage) } };
    }
    const transfers = transfersOf(info);
    const usdtTransfers = transfers.filter((t) => t.contract === usdtHex);
    if (usdtTransfers.length === 0) {
      const other = transfers[0];
      if (!other) return { status: "rejected", reason: "not a USDT transfer: the transaction has no TRC-20 Transfer event", details: base };
      const contract = hex20ToTron(other.contract);
      return { status: "rejected", reason: `wrong token: contract ${contract} is not USDT (${usdt})`, details: { ...base, contract } };
    }
    const toUs = usdtTransfers.filter((t) => t.to === ourHex);
    if (toUs.length === 0) {
      const to = hex20ToTron(usdtTransfers[0]!.to);
      return { status: "rejected", reason: `wrong recipient: the USDT went to ${to}, not to ${ours}`, details: { ...base, to } };
    }
    const sentAt = new Date(info.blockTimeStamp);
    if (sentAt.getTime() < payment.submittedAt.getTime() - config.windowHours * 3_600_000) {
      const reason = `too old: sent ${utc(sentAt)}, more than ${config.windowHours} h before it was submitted`;
      return { status: "rejected", reason, details: base };
    }
    const paid = toUs.reduce((sum, t) => sum + t.value, 0n);
    const amounts = { paidAmount: formatUsdt(paid), expectedAmount: formatUsdt(expected) };
    if (paid < expected) {
      const reason = `underpaid by ${formatUsdt(expected - paid)} USDT (paid ${amounts.paidAmount}, plan costs ${amounts.expectedAmount})`;
      return { status: "rejected", reason, details: { ...base, ...amounts } };
    }
    const details = {
      ...base,
      ...amounts,
      ...(paid > expected ? { overpaidBy: formatUsdt(paid - expected) } : {}),
      paidBaseUnits: paid.toString(),
      contract: usdt,
      from: hex20ToTron(toUs[0]!.from),
      to: ours,
      logIndexes: toUs.map((t) => t.logIndex),
    };
    return { status: "confirmed", paidAmount: amounts.paidAmount, paidAt: sentAt, details };
  }

  async function verify(payment: TPaymentToVerify): Promise<TVerification> {
    const expected = usdtToBaseUnits(payment.expectedAmount);
    const txid = payment.txHash.trim().toLowerCase().replace(/^0x/, "");
    if (!/^[0-9a-f]{64}$/.test(txid)) return { status: "rejected", reason: "malformed transaction hash: expected 64 hex characters" };

    const solid = await txInfo("/walletsolidity/gettransactioninfobyid", txid);
    if (!solid.ok) return { status: "pending", reason: solid.reason };
    if (!solid.info) {
      const full = await txInfo("/wallet/gettransactioninfobyid", txid);
      if (!full.ok) return { status: "pending", reason: full.reason };
      if (!full.info) return { status: "pending", reason: "not found on the chain yet" };
      const preview = judge(full.info, payment, expected, txid);
      const hint = preview.status === "rejected" ? `; so far it looks wrong: ${preview.reason}` : "";
      return { status: "pending", reason: `waiting for confirmations: in block ${full.info.blockNumber}, not solidified yet${hint}` };
    }

    const verdict = judge(solid.info, payment, expected, txid);
    if (verdict.status !== "confirmed" || config.minConfirmations <= SOLIDIFIED_DEPTH) return verdict;
    const now = await post("/wallet/getnowblock", {});
    if (!now.ok) return { status: "pending", reason: now.reason };
    const head = ZNowBlock.safeParse(now.body);
    if (!head.success) return { status: "pending", reason: "TronGrid unavailable: unexpected answer on /wallet/getnowblock" };
    const confirmations = head.data.block_header.raw_data.number - solid.info.blockNumber;
    if (confirmations < config.minConfirmations) {
      return { status: "pending", reason: `waiting for confirmations: ${confirmations} of ${config.minConfirmations}` };
    }
    return { ...verdict, details: { ...verdict.details, confirmations } };
  }

  return { id: "TRC20", verify };
}
