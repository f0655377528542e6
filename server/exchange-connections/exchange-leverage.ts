// Seed phase 7 paths the app already calls, kept as aliases of §8: the exchange named in the path,
// and GET/PUT /api/users/:id/exchanges/:exchange/leverage.
//
// Which leverage: the user's one leverage setting, stored as users.leverage (the /risk group) and,
// when a connection exists, as its leverage_default — every write keeps the two equal, so a leverage
// the app sets here changes the next trade and GET /api/exchanges/me does not contradict it.
import { z } from "zod";
import { db } from "../db/client";
import { invalidInput } from "../errors";
import { requireTargetPlan } from "../subscriptions/require-plan";

/** The one provider: Binance USDⓈ-M futures, under the names the app and ccxt use for it. */
export const PROVIDER_NAMES = new Set(["binance_futures", "binance", "binanceusdm", "binance-futures", "binance_usdm"]);

export function parseExchangeName(raw: string): "binance_futures" {
  if (!PROVIDER_NAMES.has(raw.trim().toLowerCase())) throw invalidInput("exchange", "unsupported exchange; use binance_futures");
  return "binance_futures";
}

export const ZLeverageInput = z.strictObject(
  { leverage: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(125, "must be at most 125") },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);
export type TLeverageInput = z.infer<typeof ZLeverageInput>;

export async function getExchangeLeverage(userId: number) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { leverage: true, exchangeConnection: { select: { marginMode: true } } },
  });
  return {
    exchange: "binance_futures" as const,
    connected: user.exchangeConnection !== null,
    leverage: user.leverage,
    margin_mode: user.exchangeConnection?.marginMode ?? "ISOLATED",
  };
}

/** Sets the leverage of the user's next trades (and the connection's leverage_default with it), atomically. */
export async function setExchangeLeverage(userId: number, input: TLeverageInput) {
  await requireTargetPlan(userId, "PREMIUM", "exchange connection");
  await db().$transaction([
    db().user.update({ where: { id: userId }, data: { leverage: input.leverage }, select: { id: true } }),
    db().exchangeConnection.updateMany({ where: { userId }, data: { leverageDefault: input.leverage } }),
  ]);
  return getExchangeLeverage(userId);
}
