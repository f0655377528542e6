// Factories for the trading-engine tests: PREMIUM traders with their settings, exchange connections
// with sealed keys, and signals stored the way the platform stores them (job events recorded).
import { randomBytes } from "node:crypto";
import { seal } from "@/server/crypto/secret-box";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { createSignal } from "@/server/signals/create-signal";
import { ZSignalInput } from "@/server/signals/schemas";
import { FAKE_API_KEY, FAKE_API_SECRET, type TFakeBinance } from "@/test/fakes/binance";
import { createUser } from "./factories";
import { setEnv, uniqueChatId } from "./signals";

export type TTraderSettings = {
  plan?: "TRIAL" | "VIP" | "PREMIUM";
  perTradeUsdt?: string;
  leverage?: number;
  capitalUsdt?: string;
  autoTradeEnabled?: boolean;
  moveSlToEntryAfterTp1?: boolean;
  tpSplit?: string[];
  sizingMode?: "FIXED" | "RISK";
};

/** A PREMIUM user (unless told otherwise) with 10 USDT × 5x per trade. */
export async function createTrader(s: TTraderSettings = {}) {
  const { user, token } = await createUser({ plan: s.plan ?? "PREMIUM" });
  await db().user.update({
    where: { id: user.id },
    data: {
      perTradeUsdt: s.perTradeUsdt ?? "10",
      leverage: s.leverage ?? 5,
      capitalUsdt: s.capitalUsdt ?? "100",
      autoTradeEnabled: s.autoTradeEnabled ?? false,
      moveSlToEntryAfterTp1: s.moveSlToEntryAfterTp1 ?? false,
      tpSplit: s.tpSplit ?? [],
      sizingMode: s.sizingMode ?? "FIXED",
    },
  });
  return { id: user.id, token };
}

export async function connectExchange(userId: number, c: { mode: "PAPER" | "BINANCE_TESTNET" | "BINANCE_MAINNET"; apiKey?: string; apiSecret?: string; marginMode?: "ISOLATED" | "CROSSED" }) {
  const key = c.apiKey ? seal(c.apiKey) : null;
  const secret = c.apiSecret ? seal(c.apiSecret) : null;
  await db().exchangeConnection.upsert({
    where: { userId },
    create: { userId, mode: c.mode, apiKeyEnc: key?.ciphertext ?? null, apiSecretEnc: secret?.ciphertext ?? null, secretsKeyId: key?.keyId ?? null, marginMode: c.marginMode ?? "ISOLATED" },
    update: { mode: c.mode, apiKeyEnc: key?.ciphertext ?? null, apiSecretEnc: secret?.ciphertext ?? null, secretsKeyId: key?.keyId ?? null },
  });
}

/** Stores a signal as POST /api/signals would (job events go to a recorder unless one is installed). */
export async function storeSignal(body: Record<string, unknown>, options: { keepDispatcher?: boolean } = {}) {
  if (!options.keepDispatcher) setEventDispatcher(async () => undefined);
  const { signal } = await createSignal(ZSignalInput.parse(body), "ADMIN");
  return signal;
}

/**
 * Turns auto-trade off for every user. The fan-out and the broadcast hold look at every PREMIUM
 * auto-trader on the platform, and on PGlite all test files share one database: a test that
 * counts them starts, and leaves, with none.
 */
export async function turnOffAllAutoTraders(): Promise<void> {
  await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
}

/** LONG: entry 100, targets 110 / 120 / 130, stop 90. */
export const long100 = (symbol: string) => ({ symbol, direction: "LONG", entry: 100, targets: [110, 120, 130], stop_loss: 90, leverage: 10 });
/** SHORT: entry 100, targets 90 / 80, stop 110. */
export const short100 = (symbol: string) => ({ symbol, direction: "SHORT", entry: 100, targets: [90, 80], stop_loss: 110, leverage: 10 });

export const positionOf = (id: string) => db().position.findUniqueOrThrow({ where: { id }, include: { orders: { orderBy: [{ kind: "asc" }, { targetIndex: "asc" }, { createdAt: "asc" }], include: { fills: true } } } });

/** Live trading on, both Binance base URLs on `fake`, chats of their own: what a fan-out test runs against. */
export function liveTradingOn(fake: Pick<TFakeBinance, "baseUrl">) {
  const chats = { vip: uniqueChatId(), trial: uniqueChatId(), admin: uniqueChatId() };
  setEnv({ BINANCE_FUTURES_BASE: fake.baseUrl, BINANCE_FUTURES_TESTBASE: fake.baseUrl, ENABLE_LIVE_TRADING: "true", VIP_CHAT_ID: chats.vip, TRIAL_CHAT_ID: chats.trial, ADMIN_CHAT_ID: chats.admin });
  return chats;
}

/** A live (testnet) auto-trader with an account of their own on `fake` (10,000 USDT), 50 USDT a trade. */
export async function createLiveTrader(fake: Pick<TFakeBinance, "addAccount">, s: TTraderSettings = {}) {
  const t = await createTrader({ autoTradeEnabled: true, perTradeUsdt: "50", ...s });
  const keys = { apiKey: `${FAKE_API_KEY.slice(0, 40)}${randomBytes(12).toString("hex")}`, apiSecret: `${FAKE_API_SECRET.slice(0, 40)}${randomBytes(12).toString("hex")}` };
  fake.addAccount({ ...keys, balanceUsdt: "10000" });
  await connectExchange(t.id, { mode: "BINANCE_TESTNET", ...keys });
  return { ...t, apiKey: keys.apiKey };
}
