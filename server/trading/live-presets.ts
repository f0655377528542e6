// Margin type and leverage set ahead of the signals (issue 18). A live entry needs both in force on
// its symbol; setting them weighs 2 on the IP every user shares (2,400 a minute), so at signal time
// 1,000 accounts on a symbol none has traded fill most of a minute, and a second such signal waits
// for the next one (bench/live-fan-out.ts). Every minute this job spends weight the minute has to
// spare (under half of what we allow ourselves, checked before each account) on the provider's
// usual symbols — those of the last PRESET_LOOKBACK_DAYS' signals, most copied first — for every
// live auto-trader whose settings there are missing, differ from what their next copy would ask,
// or expire within PRESET_REFRESH_AHEAD_MS (SYMBOL_SETTINGS_TRUSTED_MS). A copy then finds them set
// and sends its entry at once. Nothing is placed; what is set is recorded like an entry's settings
// (exchange-connections/account-state.ts). A symbol where the user has an open live position is left
// alone (Binance would apply a new leverage to it): the next entry there sets what it needs.
import { db } from "../db/client";
import { toAppError } from "../errors";
import { SYMBOL_SETTINGS_TRUSTED_MS } from "../exchange/account-memory";
import { createExchange } from "../exchange/create-exchange";
import { findTradingConnections, type TLoadedConnection } from "../exchange-connections/trading-connection";
import { liveConnectionSql, liveTradingEnabled, tradingModeFor } from "../exchange-connections/trading-mode";
import { mapPool } from "../lib/map-pool";
import { logger } from "../logger";
import { autoTraderSql } from "../users/auto-trader";
import { traderSettingsSql, type TTraderSettings } from "../users/trader-settings";
import { tradeSettingsFor } from "./pipeline";
import { effectiveLeverage } from "./trade-plan";

const PRESET_LOOKBACK_DAYS = 30;
const PRESET_SYMBOLS = 10;
/** Settings that expire within this are set again ahead of time. */
const PRESET_REFRESH_AHEAD_MS = 60 * 60 * 1000;
/** Margin type and leverage: the weight one account and symbol costs. */
const PRESET_WEIGHT = 2;
/** Accounts set at once (each waits on Binance, not on this process). */
const PRESET_CONCURRENCY = 20;

export type TPresetRun = { symbols: string[]; accounts: number; set: number; failed: number; due: number; stoppedForWeight: boolean };

/** The provider's usual symbols: those of the recent signals, the most signalled first. */
export async function presetSymbols(now = new Date()): Promise<string[]> {
  const since = new Date(now.getTime() - PRESET_LOOKBACK_DAYS * 24 * 60 * 60 * 1000);
  const rows = await db().signal.groupBy({ by: ["symbol"], where: { createdAt: { gte: since } }, _count: { _all: true }, _max: { createdAt: true } });
  return rows
    .sort((a, b) => b._count._all - a._count._all || (b._max.createdAt?.getTime() ?? 0) - (a._max.createdAt?.getTime() ?? 0))
    .slice(0, PRESET_SYMBOLS)
    .map((r) => r.symbol);
}

/** One pass: every due (account, symbol) while the minute has weight to spare; `symbols` defaults to presetSymbols(). */
export async function presetLiveSymbols(now = new Date(), symbols?: string[]): Promise<TPresetRun> {
  const run: TPresetRun = { symbols: [], accounts: 0, set: 0, failed: 0, due: 0, stoppedForWeight: false };
  if (!liveTradingEnabled()) return run;
  run.symbols = symbols ?? (await presetSymbols(now));
  if (run.symbols.length === 0) return run;
  const traders = await db().$queryRawUnsafe<(TTraderSettings & { id: number })[]>(
    `SELECT u.id, ${traderSettingsSql("u")} FROM users u JOIN exchange_connections c ON c.user_id = u.id
     WHERE ${autoTraderSql("u", "$1::timestamptz")} AND ${liveConnectionSql("c")} ORDER BY u.id`,
    now.toISOString(),
  );
  const conns = await findTradingConnections(traders.map((t) => t.id));
  const accounts = traders.flatMap((trader) => {
    const conn = conns.get(trader.id);
    return conn && !(conn instanceof Error) && tradingModeFor(conn, null) !== "PAPER" ? [{ trader, conn }] : [];
  });
  run.accounts = accounts.length;
  // Not under an open position: Binance would apply a new leverage to it (or refuse, every minute).
  const open = new Set(
    (
      await db().position.findMany({
        where: { status: "OPEN", mode: { not: "PAPER" }, symbol: { in: run.symbols }, userId: { in: accounts.map((a) => a.trader.id) } },
        select: { userId: true, symbol: true },
      })
    ).map((p) => `${p.userId} ${p.symbol}`),
  );
  await mapPool(accounts, PRESET_CONCURRENCY, async ({ trader, conn }) => {
    for (const symbol of run.symbols) {
      if (run.stoppedForWeight) return;
      if (open.has(`${trader.id} ${symbol}`)) continue;
      const outcome = await presetOne(trader, conn, symbol);
      if (outcome === "no-weight") run.stoppedForWeight = true;
      else if (outcome !== "known") {
        run.due += 1;
        run[outcome] += 1;
      }
      // Keys refused, a mainnet account not validated…: the account's other symbols would fail alike.
      if (outcome === "failed") return;
    }
  });
  return run;
}

async function presetOne(trader: TTraderSettings, conn: TLoadedConnection, symbol: string): Promise<"known" | "set" | "failed" | "no-weight"> {
  try {
    const exchange = createExchange(conn);
    // Reading the rules may cost weight too (exchangeInfo once, an unvalidated account's caps once).
    const spare = (weight: number) => exchange.hasWeightToSpare?.(weight) ?? true;
    if (!spare(PRESET_WEIGHT + 1)) return "no-weight";
    const rules = await exchange.marketRules(symbol);
    // What this user's next copy asks for (open-position / live-copies: the plan's leverage).
    const want = { leverage: effectiveLeverage(tradeSettingsFor(trader, conn.leverageDefault).leverage, rules), marginMode: conn.marginMode };
    const known = conn.memory?.symbolSettings(rules.symbol, SYMBOL_SETTINGS_TRUSTED_MS - PRESET_REFRESH_AHEAD_MS);
    if (known && known.leverage === want.leverage && known.marginMode === want.marginMode) return "known";
    if (!spare(PRESET_WEIGHT)) return "no-weight";
    await exchange.prepareSymbol(symbol, want, { fresh: true });
    return "set";
  } catch (err) {
    logger.warn("live presets: settings not set ahead", { userId: conn.userId, symbol, error: toAppError(err).message });
    return "failed";
  }
}
