// The uptime monitor's checks: one per part /api/health reports. Each answers up, down (with why)
// or off (not configured, or nothing to judge yet: the monitor then keeps the part's last state).
// The clock and the outside calls are injectable, so the transitions are tested without waiting.
import { db } from "../db/client";
import { env } from "../env";
import { checkDatabase } from "../db/check-database";
import { getPriceFeedStatus } from "../trading/market-data";
import type { TPart } from "./parts";

export type TPartCheck = { part: TPart; status: "up" | "down" | "off"; detail: string | null };


/** The heartbeat job runs every minute: this long without a run and the job engine counts as down. */
export const JOB_LAG_DOWN_MS = 5 * 60_000;
/** A message waiting this long in a queue that delivered nothing for as long: Telegram delivery is down. */
export const TELEGRAM_STALL_MS = 10 * 60_000;
/** A price-feed state older than this says nothing about now (the feed is asked only while trades need it). */
export const PRICE_FEED_STALE_MS = 10 * 60_000;
const CHAIN_TIMEOUT_MS = 5_000;

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

async function checkJobs(now: Date): Promise<TPartCheck> {
  const run = await db().jobRun.findUnique({ where: { name: "heartbeat" }, select: { lastRunAt: true } });
  if (!run) return { part: "jobs", status: "off", detail: "the heartbeat job has not run yet" };
  const lag = now.getTime() - run.lastRunAt.getTime();
  return lag > JOB_LAG_DOWN_MS
    ? { part: "jobs", status: "down", detail: `the every-minute heartbeat job last ran ${minutes(lag)} ago` }
    : { part: "jobs", status: "up", detail: `heartbeat ${Math.max(0, Math.round(lag / 1000))} s ago` };
}

/** Down when the oldest waiting message is old and its queue (its chat) delivered nothing meanwhile. */
async function checkTelegram(now: Date): Promise<TPartCheck> {
  if (!env().TELEGRAM_BOT_TOKEN) return { part: "telegram", status: "off", detail: "no bot token" };
  const since = new Date(now.getTime() - TELEGRAM_STALL_MS);
  const oldest = await db().outboxMessage.findFirst({ where: { status: "PENDING" }, orderBy: { id: "asc" }, select: { target: true, createdAt: true, lastError: true } });
  if (!oldest || oldest.createdAt > since) return { part: "telegram", status: "up", detail: oldest ? "delivering" : "nothing waiting" };
  const last = await db().outboxMessage.findFirst({ where: { target: oldest.target, sentAt: { not: null } }, orderBy: { sentAt: "desc" }, select: { sentAt: true } });
  if (last?.sentAt && last.sentAt > since) return { part: "telegram", status: "up", detail: "delivering a backlog" };
  const waiting = await db().outboxMessage.count({ where: { status: "PENDING" } });
  const why = oldest.lastError ? `: ${oldest.lastError.slice(0, 200)}` : "";
  return { part: "telegram", status: "down", detail: `${waiting} message(s) waiting, the oldest for ${minutes(now.getTime() - oldest.createdAt.getTime())}, none delivered${why}` };
}

async function checkPriceFeed(now: Date): Promise<TPartCheck> {
  const feed = await getPriceFeedStatus();
  if (!feed) return { part: "price_feed", status: "off", detail: "not asked yet" };
  if (now.getTime() - new Date(feed.checked_at).getTime() > PRICE_FEED_STALE_MS) return { part: "price_feed", status: "off", detail: `last asked at ${feed.checked_at}` };
  return feed.status === "ok" ? { part: "price_feed", status: "up", detail: null } : { part: "price_feed", status: "down", detail: feed.last_error ?? "unreachable" };
}

/** The latest solidified block: one small call that needs what the payment watcher needs. */
async function checkPaymentChain(fetchImpl: typeof fetch): Promise<TPartCheck> {
  const config = env();
  if (!config.USDT_TRC20_ADDRESS) return { part: "payment_chain", status: "off", detail: "USDT payments not configured" };
  try {
    const res = await fetchImpl(`${config.TRON_API_URL.replace(/\/$/, "")}/walletsolidity/getnowblock`, {
      method: "POST",
      headers: { accept: "application/json", ...(config.TRON_API_KEY ? { "TRON-PRO-API-KEY": config.TRON_API_KEY } : {}) },
      signal: AbortSignal.timeout(CHAIN_TIMEOUT_MS),
    });
    if (!res.ok) return { part: "payment_chain", status: "down", detail: `HTTP ${res.status}` };
    const body = (await res.json()) as { block_header?: { raw_data?: { number?: number } } };
    const block = body.block_header?.raw_data?.number;
    return typeof block === "number" ? { part: "payment_chain", status: "up", detail: `block ${block}` } : { part: "payment_chain", status: "down", detail: "an answer without a block" };
  } catch (err) {
    const e = err as Error;
    return { part: "payment_chain", status: "down", detail: e.name === "TimeoutError" ? `no answer within ${CHAIN_TIMEOUT_MS / 1000} s` : e.message };
  }
}

export type TCheckOptions = { now: Date; fetch?: typeof fetch };

/** Every part, database first: when it is down the others cannot be read and are not asked. */
export async function checkParts(options: TCheckOptions): Promise<TPartCheck[]> {
  const database = await checkDatabase();
  if (database.status === "down") return [{ part: "database", status: "down", detail: database.error ?? "unreachable" }];
  return [
    { part: "database", status: "up", detail: `${database.latency_ms} ms` },
    ...(await Promise.all([checkJobs(options.now), checkTelegram(options.now), checkPriceFeed(options.now), checkPaymentChain(options.fetch ?? fetch)])),
  ];
}
