// Small helpers for the signal tests: unique symbols and chat ids, signal payloads, configuration
// changes that are undone after each test, and a dispatcher that records the job events emitted.
import { randomInt } from "node:crypto";
import { afterEach } from "vitest";
import type { TJobEvent } from "@/server/jobs/job";
import { resetEnvForTests } from "@/server/env";
import { setEventDispatcher } from "@/server/jobs/events";
import { uniq } from "./factories";

/** A symbol no other test uses, e.g. `Z3FA91C0B2EUSDT`. */
export const uniqueSymbol = () => `Z${uniq().toUpperCase()}USDT`;

/** A Telegram group/channel id no other test uses, e.g. `-100482913375`. */
export const uniqueChatId = () => `-100${randomInt(100_000_000, 999_999_999)}`;

/** A LONG signal in the `direction/targets/stop_loss` spelling: SL 90 < entry 100 < 110 < 120 < 130. */
export const longSignal = (symbol: string, extra: Record<string, unknown> = {}) => ({
  symbol,
  direction: "LONG",
  entry: 100,
  targets: [110, 120, 130],
  stop_loss: 90,
  leverage: 10,
  ...extra,
});

/** A SHORT signal in the `side/tp/sl` spelling: SL 110 > entry 100 > 90 > 80. */
export const shortSignal = (symbol: string, extra: Record<string, unknown> = {}) => ({
  symbol,
  side: "SELL",
  entry: 100,
  tp: [90, 80],
  sl: 110,
  confidence: 80,
  trade_type: "FUTURES",
  duration: "SHORT",
  ...extra,
});

/**
 * Sets environment variables for the current test and restores them after it (call in the test
 * or a beforeEach of a file that imports this module).
 */
const saved = new Map<string, string | undefined>();
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
}

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
  resetEnvForTests();
  setEventDispatcher(undefined);
});

/** Installs a dispatcher that only records; returns the list it appends to. */
export function recordJobEvents(): TJobEvent[] {
  const events: TJobEvent[] = [];
  setEventDispatcher(async (batch) => void events.push(...batch));
  return events;
}
