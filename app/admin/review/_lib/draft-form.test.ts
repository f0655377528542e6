import { describe, expect, it } from "vitest";
import { checkSignalForm, EMPTY_FORM } from "../../signals/_lib/signal-form";
import { draftToForm } from "./draft-form";

describe("draftToForm (the review queue's pre-filled signal form)", () => {
  it("fills what the parser read; the form's check then names what is wrong", () => {
    const form = draftToForm({ symbol: "APTUSDT", direction: "LONG", entries: ["4.812"], targets: ["4.836", "4.86"], stopLoss: "4.9", leverage: 12 });
    expect(form).toEqual({ ...EMPTY_FORM, symbol: "APTUSDT", direction: "LONG", entry: "4.812", targets: ["4.836", "4.86"], stopLoss: "4.9", leverage: "12" });
    const check = checkSignalForm(form);
    expect(check.ok).toBe(false);
    expect(Object.keys(check.errors)).toEqual(["stopLoss"]);
    expect(checkSignalForm({ ...form, stopLoss: "4.7" }).ok).toBe(true);
  });

  it("two entry prices are a zone; a missing part stays empty with the form's defaults", () => {
    expect(draftToForm({ symbol: null, direction: null, entries: ["100", "102"], targets: [], stopLoss: null, leverage: null })).toEqual({
      ...EMPTY_FORM,
      entryMode: "zone",
      entry: "100",
      entryHigh: "102",
    });
    expect(draftToForm({ symbol: "BTCUSDT", direction: "SHORT", entries: ["5", "5"], targets: Array.from({ length: 12 }, (_, i) => String(4 - i * 0.1)), stopLoss: null, leverage: null })).toMatchObject({
      entryMode: "price",
      entry: "5",
      direction: "SHORT",
      targets: expect.any(Array),
    });
    expect(draftToForm({ symbol: null, direction: null, entries: [], targets: Array.from({ length: 12 }, () => "1"), stopLoss: null, leverage: null }).targets).toHaveLength(10);
  });
});
