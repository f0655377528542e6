import { describe, expect, it } from "vitest";
import { parseChannelMessage } from "../channel-parser";
import { draftSignalFields } from "./draft";

describe("draftSignalFields (the review queue's pre-filled form)", () => {
  it("reads what it can off a post the parser refused for its price order", () => {
    const text = "#Signal #APT/USDT $APT\nLong 🚀 Lev x12 #Crypto\nEntry: 4.812 - Stop Loss: 4.9\nTargets: 4.836 - 4.860";
    expect(parseChannelMessage(text)).toMatchObject({ kind: "unparsed" });
    expect(draftSignalFields(text)).toEqual({ symbol: "APTUSDT", direction: "LONG", entries: ["4.812"], targets: ["4.836", "4.860"], stopLoss: "4.9", leverage: 12 });
  });

  it("leaves out what the post does not say: no stop, no side", () => {
    expect(draftSignalFields("BTC/USDT Entry: 68500 TP1: 69000")).toEqual({ symbol: "BTCUSDT", direction: null, entries: ["68500"], targets: ["69000"], stopLoss: null, leverage: null });
  });

  it("a bare $ticker is read against USDT; nothing readable is an empty draft, never an error", () => {
    expect(draftSignalFields("$SOL long entry 150 sl 140").symbol).toBe("SOLUSDT");
    expect(draftSignalFields("")).toEqual({ symbol: null, direction: null, entries: [], targets: [], stopLoss: null, leverage: null });
    expect(draftSignalFields("x".repeat(20_000)).symbol).toBeNull();
  });
});
