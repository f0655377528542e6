// A local stand-in for TronGrid (java-tron's HTTP API plus the v1 event API) answering with the
// real JSON shapes (REFERENCES.md §1.2–1.4), so the TRC-20 provider runs against it unchanged:
// POST /wallet[solidity]/gettransactioninfobyid, …/gettransactionbyid, …/getnowblock, and
// GET /v1/transactions/{txid}/events, and an account's TRC-20 transfers
// (GET /v1/accounts/{address}/transactions/trc20: only_to/only_from, only_confirmed/unconfirmed,
// contract_address, min/max_timestamp, order_by, limit ≤ 200, paged by `fingerprint` as in
// meta.fingerprint and meta.links.next). Unknown ids answer `{}` as TronGrid does. A transfer is
// solidified once it is SOLIDIFIED_DEPTH blocks behind the head, like the real chain; `visible: true`
// in a request body turns addresses into base58. Shared by tests and benchmarks: no test framework.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenFake } from "./http-listener";
import { hex20ToTron, tronToHex20 } from "../../server/lib/tron-address";

/** A valid address derived from a label: nobody holds its key, and it is nobody's real wallet. */
export const fakeTronAddress = (label: string) => hex20ToTron(createHash("sha256").update(label).digest("hex").slice(0, 40));

export const USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
/** A token that copies USDT's name and symbol at another address (REFERENCES.md §1.5 item 1). */
export const LOOKALIKE_USDT_CONTRACT = fakeTronAddress("verzek fake trongrid: look-alike USDT");
export const FAKE_RECEIVING_ADDRESS = fakeTronAddress("verzek fake trongrid: operator receiving address");
export const FAKE_SENDER_ADDRESS = fakeTronAddress("verzek fake trongrid: paying user");
export const FAKE_OTHER_RECIPIENT = fakeTronAddress("verzek fake trongrid: someone else");
export const SOLIDIFIED_DEPTH = 19;
export const INITIAL_HEAD_BLOCK = 70_000_000;

const TRANSFER_TOPIC = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const BLOCK_MS = 3_000;
const RES_MESSAGE = { REVERT: "REVERT opcode executed", OUT_OF_ENERGY: "Not enough energy for 'SSTORE' operation executing" };

type TAmount = { amountBaseUnits?: bigint | number | string; amountUsdt?: string };
export type TFakeLog = TAmount & { to?: string; from?: string; contract?: string };
export type TFakeTransferInput = TFakeLog & {
  txid?: string;
  blockNumber?: number;
  /** Block time, ms or Date; default: 3 s per block behind now. */
  timestamp?: number | Date;
  /** Default true (20 blocks deep); false puts it in the head block. */
  solidified?: boolean;
  result?: "SUCCESS" | "REVERT" | "OUT_OF_ENERGY";
  /** More Transfer events in the same transaction (a batch payout, a contract forwarding funds). */
  alsoTransfers?: TFakeLog[];
};
export type TFakeTronCall = { method: string; path: string; query: string; body: unknown; headers: Record<string, string>; status: number; at: Date };
type TLog = { contract: string; from: string; to: string; value: bigint };
type TTx = {
  txid: string;
  kind: "trc20" | "trx";
  /** Transfer events (none when execution failed). */
  logs: TLog[];
  /** The signer, and the contract called (trc20) or the TRX recipient (trx). */
  owner: string;
  target: string;
  /** trc20: calldata of the direct transfer(to, value) call; trx: the amount in sun. */
  data: string;
  amountSun: number;
  blockNumber: number;
  timestamp: number;
  result: string;
};

export type TFakeTronGrid = {
  apiUrl: string;
  /** Every request, in order: count them per payment, check the API key header. */
  calls: TFakeTronCall[];
  readonly headBlock: number;
  /** Adds a USDT transfer (to FAKE_RECEIVING_ADDRESS unless told) and returns its txid. */
  addTransfer(input: TFakeTransferInput): string;
  addWrongToken(input: TFakeTransferInput): string;
  addWrongRecipient(input: TFakeTransferInput): string;
  /** `priceUsdt` minus `shortBaseUnits` (default 1 base unit). */
  addUnderpaid(input: TFakeTransferInput & { priceUsdt: string; shortBaseUnits?: bigint }): string;
  addOld(input: TFakeTransferInput & { hoursAgo?: number }): string;
  /** A failed execution: no log, `result: "FAILED"`. */
  addReverted(input: TFakeTransferInput & { result?: "REVERT" | "OUT_OF_ENERGY" }): string;
  /** A plain TRX transfer: no TRC-20 event at all. */
  addTrxTransfer(input: { to?: string; from?: string; amountSun: number; txid?: string }): string;
  /** Moves the head so the transaction is just solidified (it was pending with too few confirmations). */
  solidify(txid: string): void;
  setHeadBlock(n: number): void;
  /** The next n requests, whatever their path, answer this HTTP status. */
  failNext(n: number, status: 403 | 429 | 500 | 502 | 503): void;
  /** Answers every request after this many ms. */
  setLatency(ms: number): void;
  /** Resets every open connection and each new one: clients see a network error (ECONNRESET). */
  goDown(): void;
  comeBack(): void;
  reset(): void;
  close(): Promise<void>;
};

const randomHex = (bytes: number) => randomBytes(bytes).toString("hex");
const word = (hex: string) => hex.padStart(64, "0");

function baseUnits(a: TAmount): bigint {
  if (a.amountBaseUnits !== undefined) return BigInt(a.amountBaseUnits);
  const m = a.amountUsdt === undefined ? null : /^(\d+)(?:\.(\d{1,6}))?$/.exec(a.amountUsdt);
  if (!m) throw new Error(`fake TronGrid: give amountBaseUnits or amountUsdt (≤ 6 decimals), got ${JSON.stringify(a)}`);
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0"));
}

export async function startFakeTronGrid(): Promise<TFakeTronGrid> {
  const txs = new Map<string, TTx>();
  const calls: TFakeTronCall[] = [];
  const failures: number[] = [];
  let head = INITIAL_HEAD_BLOCK;
  let latencyMs = 0;

  const blockTime = (n: number) => Date.now() - (head - n) * BLOCK_MS;
  const isSolid = (tx: TTx) => tx.blockNumber <= head - SOLIDIFIED_DEPTH;
  const toLog = (l: TFakeLog, fallbackTo: string): TLog => ({
    contract: tronToHex20(l.contract ?? USDT_CONTRACT),
    from: tronToHex20(l.from ?? FAKE_SENDER_ADDRESS),
    to: tronToHex20(l.to ?? fallbackTo),
    value: baseUnits(l),
  });

  function place(input: TFakeTransferInput): { txid: string; blockNumber: number; timestamp: number } {
    const txid = (input.txid ?? randomHex(32)).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(txid)) throw new Error(`fake TronGrid: txid must be 64 hex characters: ${txid}`);
    if (txs.has(txid)) throw new Error(`fake TronGrid: txid ${txid} already exists`);
    const solid = input.solidified ?? true;
    const blockNumber = input.blockNumber ?? (solid ? head - SOLIDIFIED_DEPTH - 1 : head);
    if (blockNumber > head) throw new Error(`fake TronGrid: block ${blockNumber} is past the head ${head}`);
    if (input.solidified !== undefined && input.solidified !== blockNumber <= head - SOLIDIFIED_DEPTH) {
      throw new Error(`fake TronGrid: block ${blockNumber} with head ${head} contradicts solidified: ${input.solidified}`);
    }
    const t = input.timestamp ?? blockTime(blockNumber);
    return { txid, blockNumber, timestamp: typeof t === "number" ? t : t.getTime() };
  }

  function addTransfer(input: TFakeTransferInput): string {
    const at = place(input);
    const main = toLog(input, FAKE_RECEIVING_ADDRESS);
    const logs = [main, ...(input.alsoTransfers ?? []).map((l) => toLog(l, FAKE_RECEIVING_ADDRESS))];
    const result = input.result ?? "SUCCESS";
    const data = "a9059cbb" + word(main.to) + word(main.value.toString(16));
    txs.set(at.txid, { ...at, kind: "trc20", logs: result === "SUCCESS" ? logs : [], owner: main.from, target: main.contract, data, amountSun: 0, result }); // prettier-ignore
    return at.txid;
  }

  // ---- answers in TronGrid's shapes ----
  const addr = (hex20: string, visible: boolean) => (visible ? hex20ToTron(hex20) : "41" + hex20);

  function txInfo(tx: TTx, visible: boolean): Record<string, unknown> {
    const ok = tx.result === "SUCCESS";
    if (tx.kind === "trx") return { id: tx.txid, blockNumber: tx.blockNumber, blockTimeStamp: tx.timestamp, contractResult: [""], receipt: { net_usage: 268 } };
    return {
      id: tx.txid,
      fee: 13_844_850,
      blockNumber: tx.blockNumber,
      blockTimeStamp: tx.timestamp,
      contractResult: [ok ? word("1") : ""],
      contract_address: addr(tx.target, visible),
      receipt: { energy_fee: 13_499_850, energy_usage_total: 64_285, net_usage: 345, result: tx.result, energy_penalty_total: 49_635 },
      ...(ok
        ? { log: tx.logs.map((l) => ({ address: visible ? hex20ToTron(l.contract) : l.contract, topics: [TRANSFER_TOPIC, word(l.from), word(l.to)], data: word(l.value.toString(16)) })) } // prettier-ignore
        : { result: "FAILED", resMessage: Buffer.from(RES_MESSAGE[tx.result as keyof typeof RES_MESSAGE] ?? tx.result).toString("hex") }),
    };
  }

  function txBody(tx: TTx, visible: boolean): Record<string, unknown> {
    const value =
      tx.kind === "trx"
        ? { amount: tx.amountSun, owner_address: addr(tx.owner, visible), to_address: addr(tx.target, visible) }
        : { data: tx.data, owner_address: addr(tx.owner, visible), contract_address: addr(tx.target, visible) };
    const type = tx.kind === "trx" ? "TransferContract" : "TriggerSmartContract";
    return {
      ret: [{ contractRet: tx.result }],
      signature: [randomHex(65)],
      txID: tx.txid,
      raw_data: {
        contract: [{ parameter: { value, type_url: `type.googleapis.com/protocol.${type}` }, type }],
        ref_block_bytes: (tx.blockNumber & 0xffff).toString(16).padStart(4, "0"),
        ref_block_hash: randomHex(8),
        expiration: tx.timestamp + 60_000,
        ...(tx.kind === "trc20" ? { fee_limit: 100_000_000 } : {}),
        timestamp: tx.timestamp - 1_000,
      },
      // raw_data_hex (the protobuf bytes) is not modelled.
    };
  }

  function nowBlock(n: number): Record<string, unknown> {
    const hash = createHash("sha256").update(String(n)).digest("hex");
    return {
      blockID: n.toString(16).padStart(16, "0") + hash.slice(16),
      block_header: {
        raw_data: { number: n, txTrieRoot: hash, witness_address: "41" + hash.slice(0, 40), parentHash: word((n - 1).toString(16)), version: 31, timestamp: blockTime(n) },
        witness_signature: randomHex(65),
      },
    };
  }

  function events(tx: TTx | undefined, query: URLSearchParams): Record<string, unknown> {
    const wanted = !tx || (query.get("only_confirmed") === "true" && !isSolid(tx)) || (query.get("only_unconfirmed") === "true" && isSolid(tx)) ? [] : tx.logs; // prettier-ignore
    const data = tx?.kind !== "trc20" ? [] : wanted.map((l, i) => ({
      block_number: tx.blockNumber,
      block_timestamp: tx.timestamp,
      caller_contract_address: hex20ToTron(l.contract),
      contract_address: hex20ToTron(l.contract),
      event_index: i,
      event_name: "Transfer",
      result: { 0: "0x" + l.from, 1: "0x" + l.to, 2: l.value.toString(), from: "0x" + l.from, to: "0x" + l.to, value: l.value.toString() },
      result_type: { from: "address", to: "address", value: "uint256" },
      event: "Transfer(address indexed from, address indexed to, uint256 value)",
      transaction_id: tx.txid,
      ...(isSolid(tx) ? {} : { _unconfirmed: true }),
    }));
    return { data, success: true, meta: { at: Date.now(), page_size: data.length } };
  }

  const TOKEN_INFO = (contractHex: string) =>
    contractHex === tronToHex20(USDT_CONTRACT)
      ? { symbol: "USDT", address: USDT_CONTRACT, decimals: 6, name: "Tether USD" }
      : { symbol: "USDT", address: hex20ToTron(contractHex), decimals: 6, name: "Tether USD" }; // a look-alike copies name and symbol

  function accountTransfers(address: string, query: URLSearchParams, url: URL): { status: number; body: unknown } {
    const account = tronToHex20(address);
    const contract = query.get("contract_address");
    const contractHex = contract ? tronToHex20(contract) : null;
    const confirmed = query.get("only_confirmed") === "true";
    const unconfirmed = query.get("only_unconfirmed") === "true";
    if (confirmed && unconfirmed) return { status: 400, body: { success: false, error: "only_confirmed and only_unconfirmed are mutually exclusive", statusCode: 400 } };
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 20) || 20));
    const minTs = Number(query.get("min_timestamp") ?? 0);
    const maxTs = query.has("max_timestamp") ? Number(query.get("max_timestamp")) : Infinity;
    const asc = query.get("order_by") === "block_timestamp,asc";
    const rows = [...txs.values()]
      .filter((tx) => tx.kind === "trc20" && tx.blockNumber <= head && (!confirmed || isSolid(tx)) && (!unconfirmed || !isSolid(tx)))
      .filter((tx) => tx.timestamp >= minTs && tx.timestamp <= maxTs)
      .flatMap((tx) => tx.logs.map((l) => ({ tx, l })))
      .filter(({ l }) => (query.get("only_to") !== "true" || l.to === account) && (query.get("only_from") !== "true" || l.from === account))
      .filter(({ l }) => query.get("only_to") === "true" || query.get("only_from") === "true" || l.to === account || l.from === account)
      .filter(({ l }) => !contractHex || l.contract === contractHex)
      .sort((a, b) => (asc ? a.tx.timestamp - b.tx.timestamp : b.tx.timestamp - a.tx.timestamp) || a.tx.txid.localeCompare(b.tx.txid));
    // The fingerprint is opaque to clients; here it is the offset.
    const fp = query.get("fingerprint");
    const offset = fp ? Number(Buffer.from(fp, "base64url").toString("utf8").replace(/^o:/, "")) : 0;
    const data = rows.slice(offset, offset + limit).map(({ tx, l }) => ({
      transaction_id: tx.txid,
      token_info: TOKEN_INFO(l.contract),
      block_timestamp: tx.timestamp,
      from: hex20ToTron(l.from),
      to: hex20ToTron(l.to),
      type: "Transfer",
      value: l.value.toString(),
    }));
    const meta: Record<string, unknown> = { at: Date.now(), page_size: data.length };
    if (offset + limit < rows.length) {
      meta.fingerprint = Buffer.from(`o:${offset + limit}`).toString("base64url");
      const next = new URL(url);
      next.searchParams.set("fingerprint", meta.fingerprint as string);
      meta.links = { next: `https://api.trongrid.io${next.pathname}${next.search}` };
    }
    return { status: 200, body: { data, success: true, meta } };
  }

  function answer(method: string, path: string, body: Record<string, unknown>, query: URLSearchParams, url: URL): { status: number; body: unknown } {
    const visible = body.visible === true || query.get("visible") === "true";
    const value = typeof body.value === "string" ? body.value : (query.get("value") ?? "");
    const found = txs.get(value.toLowerCase());
    const tx = found && found.blockNumber <= head ? found : undefined;
    const ev = /^\/v1\/transactions\/([0-9a-fA-F]{64})\/events$/.exec(path);
    if (ev && method === "GET") return { status: 200, body: events(txs.get(ev[1]!.toLowerCase()), query) };
    const acct = /^\/v1\/accounts\/(T[1-9A-HJ-NP-Za-km-z]{33})\/transactions\/trc20$/.exec(path);
    if (acct && method === "GET") return accountTransfers(acct[1]!, query, url);
    const m = /^\/(wallet|walletsolidity)\/(gettransactioninfobyid|gettransactionbyid|getnowblock)$/.exec(path);
    if (!m) return { status: 404, body: { Error: `unknown path ${path}` } };
    const solidity = m[1] === "walletsolidity";
    if (m[2] === "getnowblock") return { status: 200, body: nowBlock(solidity ? head - SOLIDIFIED_DEPTH : head) };
    if (!tx || (solidity && !isSolid(tx))) return { status: 200, body: {} };
    return { status: 200, body: m[2] === "gettransactioninfobyid" ? txInfo(tx, visible) : txBody(tx, visible) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> = {};
    let status = 200;
    let out: unknown;
    try {
      body = raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      status = 400;
      out = { Error: "invalid JSON body" };
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const failure = failures.shift();
    if (failure !== undefined) {
      status = failure;
      // The wording of TronGrid's rate-limit answer; 5xx bodies come from its proxy.
      out = failure === 429 || failure === 403 ? { Error: "request rate exceeded the allowed_rps(15), and the query server is suspended for 30s" } : { Error: `HTTP ${failure}` };
    } else if (status === 200) {
      ({ status, body: out } = answer(req.method ?? "GET", url.pathname, body, url.searchParams, url));
    }
    calls.push({ method: req.method ?? "GET", path: url.pathname, query: url.search, body, headers, status, at: new Date() });
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(out));
  }

  const listener = await listenFake(handle);
  const { port } = listener;

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    calls,
    get headBlock() {
      return head;
    },
    addTransfer,
    addWrongToken: (input) => addTransfer({ ...input, contract: LOOKALIKE_USDT_CONTRACT }),
    addWrongRecipient: (input) => addTransfer({ ...input, to: FAKE_OTHER_RECIPIENT }),
    addUnderpaid: ({ priceUsdt, shortBaseUnits = 1n, ...input }) =>
      addTransfer({ ...input, amountUsdt: undefined, amountBaseUnits: baseUnits({ amountUsdt: priceUsdt }) - shortBaseUnits }),
    addOld: ({ hoursAgo = 24 * 30, ...input }) => addTransfer({ ...input, timestamp: Date.now() - hoursAgo * 3_600_000 }),
    addReverted: (input) => addTransfer({ ...input, result: input.result ?? "REVERT" }),
    addTrxTransfer(input) {
      const at = place({ txid: input.txid });
      const [owner, target] = [tronToHex20(input.from ?? FAKE_SENDER_ADDRESS), tronToHex20(input.to ?? FAKE_RECEIVING_ADDRESS)];
      txs.set(at.txid, { ...at, kind: "trx", logs: [], owner, target, data: "", amountSun: input.amountSun, result: "SUCCESS" });
      return at.txid;
    },
    solidify(txid) {
      const tx = txs.get(txid.toLowerCase());
      if (!tx) throw new Error(`fake TronGrid: no transaction ${txid}`);
      head = Math.max(head, tx.blockNumber + SOLIDIFIED_DEPTH);
    },
    setHeadBlock(n) {
      head = n;
    },
    failNext(n, status) {
      for (let k = 0; k < n; k += 1) failures.push(status);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    goDown: listener.goDown,
    comeBack: listener.comeBack,
    reset() {
      txs.clear();
      calls.length = 0;
      failures.length = 0;
      head = INITIAL_HEAD_BLOCK;
      latencyMs = 0;
      listener.comeBack();
    },
    close: listener.close,
  };
}
