import { describe, expect, it } from "vitest";
import { checkSignalForm, EMPTY_FORM, fieldOf, toRawSignal, visibleErrors, type TSignalForm } from "./signal-form";

const form = (over: Partial<TSignalForm>): TSignalForm => ({ ...EMPTY_FORM, symbol: "BTC/USDT", entry: "100", targets: ["110", "120"], stopLoss: "90", ...over });

describe("signal form glue", () => {
  it("builds the API body: price or zone, targets, leverage as a number, confidence only when chosen", () => {
    expect(toRawSignal(form({}))).toEqual({ symbol: "BTC/USDT", direction: "LONG", entry: "100", targets: ["110", "120"], stop_loss: "90", leverage: 10 });
    expect(toRawSignal(form({ entryMode: "zone", entry: "99", entryHigh: "101", confidence: "High", leverage: "" }))).toEqual({
      symbol: "BTC/USDT",
      direction: "LONG",
      entry: ["99", "101"],
      targets: ["110", "120"],
      stop_loss: "90",
      confidence: "High",
    });
  });

  it("accepts a consistent LONG and SHORT signal (the server's schema decides)", () => {
    expect(checkSignalForm(form({})).ok).toBe(true);
    expect(checkSignalForm(form({ direction: "SHORT", targets: ["90", "80"], stopLoss: "110" })).ok).toBe(true);
  });

  it("puts a broken price order on the field that breaks it, with the server's words", () => {
    const sl = checkSignalForm(form({ stopLoss: "105" }));
    expect(sl.ok).toBe(false);
    expect(sl.errors.stopLoss).toMatch(/must be below the entry/);
    const tp = checkSignalForm(form({ targets: ["110", "105"] }));
    expect(tp.errors["targets.1"]).toMatch(/must be above targets\[0\]/);
    const short = checkSignalForm(form({ direction: "SHORT" }));
    expect(short.errors.stopLoss).toMatch(/must be above the entry/);
  });

  it("names the field of a bad symbol, an empty target, a zone bound and a leverage out of range", () => {
    // Field shapes first; the symbol and the price order are checked once every field parses (as on the server).
    const c = checkSignalForm(form({ symbol: "hello", targets: ["110", ""], leverage: "200" }));
    expect(Object.keys(c.errors).sort()).toEqual(["leverage", "targets.1"]);
    expect(checkSignalForm(form({ symbol: "hello" })).errors).toEqual({ symbol: expect.stringMatching(/pair like BTCUSDT/) });
    expect(checkSignalForm(form({ entryMode: "zone", entryHigh: "" })).errors.entry).toBeDefined();
    expect(fieldOf(["entry", 1])).toBe("entryHigh");
    expect(fieldOf(["targets"])).toBe("targets");
    expect(checkSignalForm(form({ leverage: "2.5" })).errors.leverage).toBeDefined();
  });

  it("shows only touched fields' errors until the operator tries to send", () => {
    const errors = { symbol: "bad", stopLoss: "below", "targets.1": "above" };
    expect(visibleErrors(errors, new Set(["stopLoss"]), false)).toEqual({ stopLoss: "below" });
    expect(visibleErrors(errors, new Set(), true)).toEqual(errors);
  });
});
