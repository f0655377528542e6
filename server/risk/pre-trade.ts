// THE place where every trade the platform opens asks the risk engine first (SPEC §7): the
// auto-trader fan-out, POST /api/trade/execute and POST /api/trade/market call checkPreTrade (or
// checkPreTradeMany) inside the transaction that then inserts the position; the preview asks too.
//
// Race-free: the check first takes a transaction-scoped advisory lock per user
// (pg_advisory_xact_lock(RISK_LOCK_NAMESPACE, userId), ascending user ids, so batches never
// deadlock). It is held until the caller's transaction commits the position, so parallel fan-outs,
// requests and app processes see each other's trades and no user runs past a limit.
// Set-based: a whole batch costs two queries (the locks, then one snapshot of every user's limits
// and state with the kill switch); the rules (rules/*) are pure and run in memory.
//
// The caller records a refusal: the auto-trader stores it on a FAILED position (failure_code
// RISK_BLOCKED) and in risk_events; a manual trade gets 409 risk_blocked and a risk_events row.
import type { TTx } from "../db/client";
import { prismaSql, type TSql } from "../db/sql";
import { dec, str } from "../decimal";
import { env } from "../env";
import { endPhase } from "../lib/phase-timer";
import { utcDayStart } from "./clock";
import { buildRiskRules, evaluateRules, riskConfigFromEnv, type TRiskConfig } from "./rules/registry";
import type { TRiskLimits, TRiskState } from "./rules/types";

export type TPreTradeContext = {
  tx: TTx;
  userId: number;
  symbol: string;
  direction: "LONG" | "SHORT";
  /** Quantity, notional (qty × entry) and margin in USDT, exact decimal strings. */
  qty: string;
  notionalUsdt: string;
  marginUsdt: string;
  source: "auto" | "manual";
  signalId: string | null;
  /** The clock (default: now): the UTC day, the cooldown. */
  now?: Date;
};

export type TPreTradeDecision = { allowed: true; qty?: string } | { allowed: false; reason: string; kind: string };

/** Namespace (first key) of the per-user advisory lock. */
export const RISK_LOCK_NAMESPACE = 7_270_007;

/** Which rules run: all but those RISK_RULES_DISABLED names (read once; the kill switch always runs). */
let riskConfig: { source: string | undefined; config: TRiskConfig } | null = null;
function configuredRules() {
  const source = env().RISK_RULES_DISABLED;
  if (riskConfig === null || riskConfig.source !== source) riskConfig = { source, config: riskConfigFromEnv(source) };
  return buildRiskRules(riskConfig.config);
}

export async function checkPreTrade(ctx: TPreTradeContext): Promise<TPreTradeDecision> {
  const { tx, now, ...one } = ctx;
  const [decision] = await checkPreTradeMany(prismaSql(tx), [one], now);
  return decision!;
}

/** Takes the per-user risk locks, in ascending user id order. */
export async function lockRiskUsers(sql: TSql, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  // unnest yields the array's (ascending) order; one round trip however many users.
  await sql.exec(`SELECT pg_advisory_xact_lock($1::int, u.id) FROM unnest($2::int[]) AS u(id)`, RISK_LOCK_NAMESPACE, ids);
}

type TSnapshotRow = {
  userId: number;
  symbol: string;
  capital: string;
  maxConcurrent: number;
  maxDaily: number;
  exposurePct: string;
  perSymbol: number;
  cooldown: number;
  lossPct: string;
  reduceToFit: boolean;
  openTrades: number;
  openOnSymbol: number;
  openMargin: string;
  todayTrades: number;
  todayPct: string;
  lastLossAt: Date | null;
  killSwitch: boolean;
  killReason: string | null;
};

/** "25.00" → "25": numeric text as people read it (in reasons). */
const plain = (v: string) => str(dec(v));

type TUserState = { limits: TRiskLimits; state: Omit<TRiskState, "openOnSymbol">; onSymbol: Map<string, number> };

/**
 * The same check for many trades in one transaction (the auto-trader's batched fan-out), one
 * decision per context, in order. Trades of the same user in one batch count against each other.
 */
export async function checkPreTradeMany(sql: TSql, contexts: Omit<TPreTradeContext, "tx">[], now: Date = new Date()): Promise<TPreTradeDecision[]> {
  if (contexts.length === 0) return [];
  let t = performance.now();
  await lockRiskUsers(sql, contexts.map((c) => c.userId));
  t = endPhase("risk: locks", t);
  const dayStart = utcDayStart(now);
  const pairs = [...new Map(contexts.map((c) => [`${c.userId}:${c.symbol}`, c])).values()];
  const rows = await sql.query<TSnapshotRow>(
    `SELECT q.user_id AS "userId", q.symbol, u.capital_usdt::text AS capital, u.max_concurrent_trades AS "maxConcurrent",
       u.max_daily_trades AS "maxDaily", u.max_account_exposure_pct::text AS "exposurePct", u.per_symbol_limit AS "perSymbol",
       u.cooldown_minutes AS cooldown, u.daily_loss_limit_pct::text AS "lossPct", u.reduce_to_fit_exposure AS "reduceToFit",
       o.open_trades AS "openTrades", o.on_symbol AS "openOnSymbol", o.open_margin::text AS "openMargin", t.today AS "todayTrades",
       COALESCE(d.realized_pct, 0)::text AS "todayPct", (l.last_loss AT TIME ZONE 'UTC') AS "lastLossAt",
       COALESCE(s.kill_switch, false) AS "killSwitch", s.reason AS "killReason"
     FROM unnest($1::int[], $2::text[]) AS q(user_id, symbol)
     JOIN users u ON u.id = q.user_id
     LEFT JOIN safety_state s ON s.id = 1
     CROSS JOIN LATERAL (SELECT count(*)::int AS open_trades, (count(*) FILTER (WHERE p.symbol = q.symbol))::int AS on_symbol,
         COALESCE(sum(p.margin), 0) AS open_margin
       FROM positions p WHERE p.user_id = q.user_id AND p.status = 'OPEN') o
     CROSS JOIN LATERAL (SELECT count(*)::int AS today FROM positions p
       WHERE p.user_id = q.user_id AND p.status <> 'FAILED' AND p.opened_at >= ($4::timestamptz AT TIME ZONE 'UTC')) t
     LEFT JOIN daily_pnl d ON d.user_id = q.user_id AND d.day = ($4::timestamptz AT TIME ZONE 'UTC')::date
     CROSS JOIN LATERAL (SELECT max(x.last_loss_at) AS last_loss FROM daily_pnl x
       WHERE x.user_id = q.user_id AND x.day >= (($3::timestamptz AT TIME ZONE 'UTC') - make_interval(mins => u.cooldown_minutes))::date) l`,
    pairs.map((c) => c.userId), pairs.map((c) => c.symbol), now.toISOString(), dayStart.toISOString(),
  );

  t = endPhase("risk: snapshot query", t);
  const users = new Map<number, TUserState>();
  let killSwitch = { on: false, reason: null as string | null };
  for (const r of rows) {
    killSwitch = { on: r.killSwitch, reason: r.killReason };
    let u = users.get(r.userId);
    if (!u) {
      u = {
        limits: {
          capitalUsdt: plain(r.capital), maxConcurrentTrades: r.maxConcurrent, maxDailyTrades: r.maxDaily, maxAccountExposurePct: plain(r.exposurePct),
          perSymbolLimit: r.perSymbol, cooldownMinutes: r.cooldown, dailyLossLimitPct: plain(r.lossPct), reduceToFitExposure: r.reduceToFit,
        },
        state: { openTrades: r.openTrades, openMarginUsdt: plain(r.openMargin), todayTrades: r.todayTrades, todayRealizedPct: plain(r.todayPct), lastLossAt: r.lastLossAt },
        onSymbol: new Map(),
      };
      users.set(r.userId, u);
    }
    u.onSymbol.set(r.symbol, r.openOnSymbol);
  }

  const rules = configuredRules();
  const decisions = contexts.map((c): TPreTradeDecision => {
    const u = users.get(c.userId);
    if (!u) return { allowed: false, kind: "unknown_user", reason: "user not found" };
    const v = evaluateRules(rules, {
      now,
      killSwitch,
      limits: u.limits,
      state: { ...u.state, openOnSymbol: u.onSymbol.get(c.symbol) ?? 0 },
      trade: { symbol: c.symbol, qty: c.qty, notionalUsdt: c.notionalUsdt, marginUsdt: c.marginUsdt },
    });
    if (!v.allowed) return { allowed: false, reason: v.reason, kind: v.kind };
    // What this trade will open counts against the next trades of the same user in this batch.
    const margin = v.qty !== undefined && !dec(c.qty).isZero() ? dec(c.marginUsdt).mul(v.qty).div(c.qty) : dec(c.marginUsdt);
    u.state = { ...u.state, openTrades: u.state.openTrades + 1, todayTrades: u.state.todayTrades + 1, openMarginUsdt: str(dec(u.state.openMarginUsdt).add(margin)) };
    u.onSymbol.set(c.symbol, (u.onSymbol.get(c.symbol) ?? 0) + 1);
    return v.qty !== undefined ? { allowed: true, qty: v.qty } : { allowed: true };
  });
  endPhase("risk: rules (JS)", t);
  return decisions;
}
