import { describe, expect, it } from "vitest";
import { ZSignalInput } from "./schemas";
import { signalFingerprint } from "./signal-fingerprint";

const fp = (body: Record<string, unknown>) => signalFingerprint(ZSignalInput.parse(body));
const SEED_61 = { symbol: "BTCUSDT", side: "BUY", entry: 70000, tp: [70500], sl: 69500, trade_type: "FUTURES", duration: "SHORT" };

describe("signalFingerprint", () => {
  it("is a hex SHA-256", () => {
    expect(fp(SEED_61)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores the spelling: field names, case, number formats, defaults spelled out or left out, the provider's id", () => {
    const same = [
      { symbol: "btc/usdt", direction: "long", entry: "70,000.00", targets: ["70500.0"], stop_loss: "69500" },
      { ...SEED_61, leverage: 1 },
      { ...SEED_61, entry: [70000, 70000] },
      { ...SEED_61, id: "tv-1" },
    ];
    for (const body of same) expect(fp(body)).toBe(fp(SEED_61));
  });

  it.each([
    ["symbol", { symbol: "ETHUSDT" }],
    ["entry", { entry: 70000.5 }],
    ["an entry zone", { entry: "69990 - 70000" }],
    ["targets", { tp: [70500, 71000] }],
    ["stop", { sl: 69000 }],
    ["leverage", { leverage: 10 }],
    ["confidence number", { confidence: 90 }],
    ["confidence word (not its number)", { confidence: "High" }],
    ["trade type", { trade_type: "SPOT" }],
    ["duration", { duration: "LONG" }],
  ])("changes with the %s", (_what, change) => {
    expect(fp({ ...SEED_61, ...change })).not.toBe(fp(SEED_61));
  });

  it("keeps a confidence word apart from the same number", () => {
    expect(fp({ ...SEED_61, confidence: "High" })).not.toBe(fp({ ...SEED_61, confidence: 90 }));
  });
});
