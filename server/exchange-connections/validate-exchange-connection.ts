// POST /api/exchanges/validate (SPEC §8): checks the stored keys against the exchange with a balance
// call and records validated_at; live keys also set the account's position mode and learn its
// leverage caps, stored for the live entries (account-state.ts). Paper needs no keys and is always valid. Keys the exchange refuses
// are a 400 naming api_key (and clear any earlier validation); an exchange that cannot be reached
// is a 503 that leaves the record as it was.
import { db } from "../db/client";
import { requireTargetPlan } from "../subscriptions/require-plan";
import { MODE_TO_WIRE } from "./exchange-connection";
import { AppError, toAppError } from "../errors";
import { assertLiveTradingAllowed, createExchange } from "../exchange/create-exchange";
import { liveBalance, paperBalance } from "./exchange-balance";
import { syncPositionMode, type TPositionModeResult } from "./position-mode";
import { getTradingConnection, type TLoadedConnection } from "./trading-connection";

export async function validateExchangeConnection(userId: number) {
  await requireTargetPlan(userId, "PREMIUM", "exchange connection");
  const conn = await getTradingConnection(userId);
  if (conn.mode !== "PAPER" && (!conn.apiKey || !conn.apiSecret)) {
    throw new AppError("INVALID_INPUT", "api_key: no API keys are stored for this live connection; connect again with api_key and api_secret", { field: "api_key" });
  }
  let balance: { totalUsdt: string; freeUsdt: string };
  try {
    balance = conn.mode === "PAPER" ? await paperBalance(userId) : await liveBalance(conn);
  } catch (err) {
    const e = toAppError(err);
    if (e.field === "api_key") await db().exchangeConnection.updateMany({ where: { userId, apiKeyEnc: conn.sealedApiKey }, data: { validatedAt: null } });
    throw e;
  }
  const validatedAt = new Date();
  // Only the keys that were checked: keys replaced meanwhile stay unvalidated.
  const marked = await db().exchangeConnection.updateMany({ where: { userId, apiKeyEnc: conn.sealedApiKey }, data: { validatedAt } });
  if (marked.count === 0) throw new AppError("CONFLICT", "The exchange connection changed while it was being validated: validate again");
  return {
    valid: true as const,
    mode: MODE_TO_WIRE[conn.mode],
    validated_at: validatedAt.toISOString(),
    balance: { currency: "USDT" as const, total_usdt: balance.totalUsdt, free_usdt: balance.freeUsdt },
    ...liveTrading({ ...conn, validatedAt }),
    ...(await positionMode({ ...conn, validatedAt })),
  };
}

/** Live keys that just passed: make the account's position mode match hedge_mode, and say whether it does. */
async function positionMode(conn: TLoadedConnection): Promise<{ position_mode?: { hedge_mode: boolean; applied: boolean; note?: string } }> {
  if (conn.mode === "PAPER") return {};
  let result: TPositionModeResult;
  try {
    const exchange = createExchange(conn, { timeoutMs: 5_000 });
    // What a live entry would otherwise ask Binance for, learned once and stored with the connection
    // (account-state.ts): the position mode set here, and the account's leverage caps (one request
    // for every symbol; unreadable caps are read by the first entry instead).
    [result] = await Promise.all([syncPositionMode(exchange, conn, false), exchange.refreshLeverageCaps()]);
  } catch (err) {
    result = { applied: false, note: `set before the first live trade: ${toAppError(err).message}` };
  }
  return { position_mode: { hedge_mode: conn.hedgeMode, ...result } };
}

/** Whether trades in this mode go to the exchange now, and if not, why they run on paper. */
function liveTrading(conn: Parameters<typeof assertLiveTradingAllowed>[0]): { live_trading: boolean; live_trading_note?: string } {
  if (conn.mode === "PAPER") return { live_trading: false };
  try {
    assertLiveTradingAllowed(conn);
    return { live_trading: true };
  } catch (err) {
    return { live_trading: false, live_trading_note: toAppError(err).message };
  }
}
