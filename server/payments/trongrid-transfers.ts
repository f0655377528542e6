// One page of the USDT transfers INTO our address, oldest first, solidified only, from TronGrid's
// account TRC-20 history (REFERENCES.md §1.2): GET /v1/accounts/{address}/transactions/trc20
// ?only_to=true&only_confirmed=true&contract_address=…&min_timestamp=…&order_by=block_timestamp,asc
// &limit=200, the next page by `fingerprint` (meta.fingerprint) with every other parameter kept.
// The token contract and the recipient are checked again on each item: a look-alike "USDT" (same
// name and symbol, another contract) is counted as ignored, never as money. Any trouble (network,
// timeout, 4xx/5xx, a body that is not TronGrid's) is `{ok: false}`: the caller decides nothing.
import { z } from "zod";
import { anyToHex20 } from "../lib/tron-address";

export type TIncomingTransfer = { txId: string; from: string; baseUnits: bigint; blockTime: Date };
export type TTransferPage =
  | { ok: true; transfers: TIncomingTransfer[]; ignored: number; newest: number | null; fingerprint: string | null }
  | { ok: false; reason: string };

export type TTransferSourceConfig = {
  apiUrl: string;
  apiKey?: string;
  usdtContract: string;
  receivingAddress: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Items per page; TronGrid's maximum is 200. */
  limit?: number;
};

const ZItem = z.object({
  transaction_id: z.string().regex(/^[0-9a-fA-F]{64}$/),
  token_info: z.object({ address: z.string() }).partial().default({}),
  block_timestamp: z.number().int().nonnegative(),
  from: z.string(),
  to: z.string(),
  type: z.string().optional(),
  value: z.string().regex(/^\d{1,78}$/),
});
const ZPage = z.object({
  success: z.boolean().optional(),
  data: z.array(z.unknown()),
  meta: z.object({ fingerprint: z.string().optional(), links: z.object({ next: z.string().optional() }).partial().optional() }).partial().default({}),
});

export async function listIncomingTransfers(config: TTransferSourceConfig, since: number, fingerprint?: string | null): Promise<TTransferPage> {
  const url = new URL(`${config.apiUrl.replace(/\/$/, "")}/v1/accounts/${config.receivingAddress}/transactions/trc20`);
  const params = { only_to: "true", only_confirmed: "true", contract_address: config.usdtContract, min_timestamp: String(since), order_by: "block_timestamp,asc", limit: String(config.limit ?? 200) };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (fingerprint) url.searchParams.set("fingerprint", fingerprint);
  let body: unknown;
  try {
    const res = await (config.fetch ?? fetch)(url, {
      headers: { accept: "application/json", ...(config.apiKey ? { "TRON-PRO-API-KEY": config.apiKey } : {}) },
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
    if (!res.ok) return { ok: false, reason: `TronGrid unavailable: HTTP ${res.status} on the account's TRC-20 transfers` };
    body = await res.json();
  } catch (err) {
    const e = err as Error;
    return { ok: false, reason: `TronGrid unavailable: ${e.name === "TimeoutError" ? `no answer within ${config.timeoutMs ?? 10_000} ms` : e.message}` };
  }
  const page = ZPage.safeParse(body);
  if (!page.success || page.data.success === false) return { ok: false, reason: "TronGrid unavailable: an answer that is not a transfer list" };
  const usdt = anyToHex20(config.usdtContract);
  const us = anyToHex20(config.receivingAddress);
  const transfers: TIncomingTransfer[] = [];
  let ignored = 0;
  let newest: number | null = null;
  for (const raw of page.data.data) {
    const item = ZItem.safeParse(raw);
    if (!item.success) {
      ignored++;
      continue;
    }
    const t = item.data;
    newest = Math.max(newest ?? 0, t.block_timestamp);
    const contract = t.token_info.address ? anyToHex20(t.token_info.address) : null;
    if (contract !== usdt || anyToHex20(t.to) !== us || (t.type && t.type !== "Transfer")) {
      ignored++;
      continue;
    }
    transfers.push({ txId: t.transaction_id.toLowerCase(), from: t.from, baseUnits: BigInt(t.value), blockTime: new Date(t.block_timestamp) });
  }
  const next = page.data.meta.fingerprint ?? fingerprintOf(page.data.meta.links?.next);
  return { ok: true, transfers, ignored, newest, fingerprint: page.data.data.length > 0 ? (next ?? null) : null };
}

function fingerprintOf(next: string | undefined): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next).searchParams.get("fingerprint") ?? undefined;
  } catch {
    return undefined;
  }
}
