// Live (testnet) traders on the local fake Binance, for the live-trading tests: the platform's
// configuration pointed at the fake, an account of their own there, a connection with sealed keys
// at 10x (50 USDT × 10x at 60,000 → 0.008 BTC), and an open BTC position placed the real way.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/server/db/client";
import { openPosition } from "@/server/trading/open-position";
import type { TTradingOptions } from "@/server/trading/options";
import type { TFakeBinance } from "../fakes/binance";
import { setEnv, uniqueChatId } from "./signals";
import { connectExchange, createTrader, storeSignal } from "./trading";

/** Short timeouts and one quick retry: the fake answers at once unless told otherwise. */
export const LIVE_OPTIONS: TTradingOptions = { exchangeOptions: { timeoutMs: 1500, retry: { attempts: 2, backoffMs: [50] } } };

/** LONG BTCUSDT at 60,000: TPs 60,600 / 61,200, stop 59,000. */
export const btcSignal = () => ({ symbol: "BTCUSDT", direction: "LONG", entry: 60000, targets: [60600, 61200], stop_loss: 59000, leverage: 10 });

/** A Decimal column as text (null stays null). */
export const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

export type TChats = { admin: string; vip: string };

export async function liveTrader(fake: TFakeBinance, o: { chats?: TChats; capitalUsdt?: string } = {}) {
  const chats = o.chats ?? { admin: uniqueChatId(), vip: uniqueChatId() };
  setEnv({ ENABLE_LIVE_TRADING: "true", BINANCE_FUTURES_TESTBASE: fake.baseUrl, BINANCE_FUTURES_BASE: fake.baseUrl, ADMIN_CHAT_ID: chats.admin, VIP_CHAT_ID: chats.vip });
  const apiKey = `k${randomBytes(20).toString("hex")}`;
  const apiSecret = `s${randomBytes(20).toString("hex")}`;
  fake.addAccount({ apiKey, apiSecret, balanceUsdt: "10000" });
  const user = await createTrader({ perTradeUsdt: "50", leverage: 10, ...(o.capitalUsdt ? { capitalUsdt: o.capitalUsdt } : {}) });
  await connectExchange(user.id, { mode: "BINANCE_TESTNET", apiKey, apiSecret, marginMode: "ISOLATED" });
  await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 10 } });
  return { user, userId: user.id, apiKey, apiSecret, chats };
}

/** A live trader with an open BTC position (0.008 BTC @ 60,000, its TPs and stop resting on the fake). */
export async function openLive(fake: TFakeBinance, o: { chats?: TChats; options?: TTradingOptions } = {}) {
  fake.setPrice("BTCUSDT", "60000");
  const t = await liveTrader(fake, o);
  const signal = await storeSignal(btcSignal());
  const r = await openPosition({ userId: t.user.id, signalId: signal.id, origin: "auto" }, o.options ?? LIVE_OPTIONS);
  expect(r.outcome).toBe("opened");
  return { ...t, signal, positionId: r.positionId! };
}
