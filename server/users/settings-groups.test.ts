import { describe, expect, it } from "vitest";
import { Prisma } from "../db/client";
import { toAppError } from "../errors";
import {
  SETTINGS_GROUP_NAMES,
  SETTINGS_GROUPS,
  selectFor,
  settingsSchema,
  toColumns,
  toWire,
  zDecimal,
  type TSettingsGroup,
} from "./settings-groups";

const parse = (group: TSettingsGroup, input: unknown) => settingsSchema(group).safeParse(input);

/** The field a rejected input is blamed on, as the REST layer would report it. */
function rejectedField(group: TSettingsGroup, input: unknown): string | undefined {
  const result = parse(group, input);
  expect(result.success).toBe(false);
  return toAppError(result.error).field;
}

/** What Prisma hands back for the columns toColumns produced: decimals as Prisma.Decimal. */
function asRow(group: TSettingsGroup, columns: Record<string, unknown>): Record<string, unknown> {
  const fields = SETTINGS_GROUPS[group] as Record<string, { column: string; toWire?: unknown }>;
  const decimalColumns = new Set(Object.values(fields).filter((f) => f.toWire).map((f) => f.column));
  return Object.fromEntries(
    Object.entries(columns).map(([column, v]) => {
      if (!decimalColumns.has(column)) return [column, v];
      return [column, Array.isArray(v) ? v.map((x: string) => new Prisma.Decimal(x)) : new Prisma.Decimal(v as string)];
    }),
  );
}

const VALID: Record<TSettingsGroup, Record<string, unknown>> = {
  general: { username: "trader_01", telegram_handle: "@verzek_bot", notify_signals: false, notify_trades: true, notify_payments: false },
  risk: {
    capital_usdt: "1000.12345678",
    per_trade_usdt: "25.5",
    leverage: 10,
    max_concurrent_trades: 3,
    max_daily_trades: 20,
    max_account_exposure_pct: "80",
    per_symbol_limit: 2,
    cooldown_minutes: 0,
    daily_loss_limit_pct: "12.5",
    reduce_to_fit_exposure: true,
    sizing_mode: "RISK",
    risk_per_trade_pct: "0.75",
  },
  strategy: {
    auto_trade_enabled: true,
    tp_split: ["33.33", "33.33", "33.34"],
    move_sl_to_entry_after_tp1: true,
    trailing_stop_enabled: false,
    trailing_stop_pct: "1.5",
    trailing_stop_after_tp: 2,
    allowed_trade_types: ["SPOT", "FUTURES"],
  },
  dca: { enabled: true, steps: 3, step_pct: "2.5", size_multiplier: "1.5" },
};

describe("settingsSchema: valid input", () => {
  it.each(SETTINGS_GROUP_NAMES)("%s accepts every field at once", (group) => {
    const result = parse(group, VALID[group]);
    expect(result.error).toBeUndefined();
  });

  it.each(SETTINGS_GROUP_NAMES)("%s accepts an empty object and each field alone (partial update)", (group) => {
    expect(parse(group, {}).success).toBe(true);
    for (const [key, value] of Object.entries(VALID[group])) {
      const result = parse(group, { [key]: value });
      expect(result.error, key).toBeUndefined();
      expect(Object.keys(result.data!)).toEqual([key]);
    }
  });

  it("VALID covers every field of every group", () => {
    for (const group of SETTINGS_GROUP_NAMES) expect(Object.keys(VALID[group]).sort()).toEqual(Object.keys(SETTINGS_GROUPS[group]).sort());
  });

  it("normalises a Telegram handle and trims a username", () => {
    const result = parse("general", { telegram_handle: "@verzek_bot", username: "  trader_01 " });
    expect(result.data).toEqual({ telegram_handle: "verzek_bot", username: "trader_01" });
    expect(parse("general", { telegram_handle: null }).data).toEqual({ telegram_handle: null });
  });

  it("takes a decimal as a JSON number or a string and answers a string", () => {
    expect(parse("risk", { capital_usdt: 1500.25 }).data).toEqual({ capital_usdt: "1500.25" });
    expect(parse("risk", { capital_usdt: " 1500.25 " }).data).toEqual({ capital_usdt: "1500.25" });
    expect(parse("risk", { capital_usdt: 0 }).data).toEqual({ capital_usdt: "0" });
  });

  it("keeps a 20-digit decimal exact", () => {
    const d = "123456789.12345678901";
    expect(d.replace(".", "")).toHaveLength(20);
    expect(zDecimal({ max: 1e9, scale: 11 }).parse(d)).toBe(d);
  });

  it("dedupes allowed_trade_types", () => {
    expect(parse("strategy", { allowed_trade_types: ["SPOT", "SPOT"] }).data).toEqual({ allowed_trade_types: ["SPOT"] });
  });

  it("accepts an empty tp_split (even split) and one that sums to exactly 100", () => {
    expect(parse("strategy", { tp_split: [] }).success).toBe(true);
    expect(parse("strategy", { tp_split: ["100"] }).success).toBe(true);
    expect(parse("strategy", { tp_split: [50, "25", 25] }).data).toEqual({ tp_split: ["50", "25", "25"] });
  });

  it("accepts the bounds themselves", () => {
    expect(parse("risk", { leverage: 1 }).success).toBe(true);
    expect(parse("risk", { leverage: 125 }).success).toBe(true);
    expect(parse("risk", { capital_usdt: "1000000000" }).success).toBe(true);
    expect(parse("risk", { max_account_exposure_pct: "100" }).success).toBe(true);
    expect(parse("dca", { steps: 0 }).success).toBe(true);
    expect(parse("strategy", { trailing_stop_after_tp: 1 }).success).toBe(true);
    expect(parse("strategy", { trailing_stop_after_tp: 10 }).success).toBe(true);
  });
});

describe("zDecimal: rejects what is not a finite decimal", () => {
  const capital = (v: unknown) => rejectedField("risk", { capital_usdt: v });

  it.each([
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["-Infinity", "-Infinity"],
    ["1e400", "1e400"],
    ["1e3", "1e3"],
    ["empty", ""],
    ["blank", "  "],
    ["hex", "0x10"],
    ["a leading dot", ".5"],
    ["a trailing dot", "5."],
    ["a comma", "1,5"],
    ["a unit", "100 USDT"],
    ["a plus sign", "+5"],
    ["21 digits", "123456789012345678901"],
    ["21 digits with a point", "1.23456789012345678901"],
    ["NaN as a number", Number.NaN],
    ["Infinity as a number", Number.POSITIVE_INFINITY],
    ["1e21 as a number", 1e21],
    ["a boolean", true],
    ["null", null],
    ["an object", { value: "5" }],
  ])("%s", (_label, value) => {
    expect(capital(value)).toBe("capital_usdt");
  });

  it("says why", () => {
    const result = parse("risk", { capital_usdt: "NaN" });
    expect(result.error!.issues[0]!.message).toBe("must be a finite decimal number");
  });

  it("applies min, gt and max", () => {
    const issues = (input: Record<string, unknown>) => parse("risk", input).error?.issues.map((i) => i.message);
    expect(issues({ capital_usdt: "-5" })).toEqual(["must be at least 0"]);
    expect(issues({ capital_usdt: -5 })).toEqual(["must be at least 0"]);
    expect(issues({ per_trade_usdt: "0" })).toEqual(["must be greater than 0"]);
    expect(issues({ capital_usdt: "1000000000.00000001" })).toEqual(["must be at most 1000000000"]);
    expect(issues({ max_account_exposure_pct: "100.01" })).toEqual(["must be at most 100"]);
    expect(issues({ dca_size_multiplier: 1 })?.[0]).toMatch(/unknown field/);
  });
});

describe("settingsSchema: the runbook's names", () => {
  it("takes cooldown_minutes_after_loss (SEED 9.3) as cooldown_minutes", () => {
    const seed = { max_daily_trades: 1, max_concurrent_trades: 1, per_symbol_limit: 1, max_account_exposure_pct: 10, cooldown_minutes_after_loss: 30 };
    const parsed = parse("risk", seed);
    expect(parsed.success && toColumns("risk", parsed.data)).toEqual({ maxDailyTrades: 1, maxConcurrentTrades: 1, perSymbolLimit: 1, maxAccountExposurePct: "10", cooldownMinutes: 30 });
  });
});

describe("settingsSchema: rejects bad values, naming the field", () => {
  it.each([
    ["risk", { leverage: 1.5 }, "leverage"],
    ["risk", { leverage: "5" }, "leverage"],
    ["risk", { leverage: 0 }, "leverage"],
    ["risk", { leverage: 126 }, "leverage"],
    ["risk", { max_concurrent_trades: 2.5 }, "max_concurrent_trades"],
    ["risk", { cooldown_minutes: -1 }, "cooldown_minutes"],
    ["risk", { cooldown_minutes: Number.NaN }, "cooldown_minutes"],
    ["risk", { cooldown_minutes_after_loss: -5 }, "cooldown_minutes_after_loss"],
    ["risk", { cooldown_minutes: 10, cooldown_minutes_after_loss: 30 }, "cooldown_minutes_after_loss"],
    ["risk", { cooldown_minutes_after_los: 30 }, "cooldown_minutes_after_los"],
    ["risk", { sizing_mode: "fixed" }, "sizing_mode"],
    ["risk", { reduce_to_fit_exposure: "true" }, "reduce_to_fit_exposure"],
    ["risk", { max_account_exposure_pct: "0" }, "max_account_exposure_pct"],
    ["dca", { steps: "5" }, "steps"],
    ["dca", { steps: 11 }, "steps"],
    ["dca", { step_pct: "50.01" }, "step_pct"],
    ["dca", { size_multiplier: "0" }, "size_multiplier"],
    ["general", { username: "ab" }, "username"],
    ["general", { username: "has space" }, "username"],
    ["general", { telegram_handle: "@abc" }, "telegram_handle"],
    ["general", { notify_signals: 1 }, "notify_signals"],
    ["strategy", { allowed_trade_types: [] }, "allowed_trade_types"],
    ["strategy", { allowed_trade_types: ["MARGIN"] }, "allowed_trade_types.0"],
    ["strategy", { allowed_trade_types: "SPOT" }, "allowed_trade_types"],
    ["strategy", { tp_split: ["50", "40"] }, "tp_split"],
    ["strategy", { tp_split: ["50", "50.01"] }, "tp_split"],
    ["strategy", { tp_split: ["50", "-5", "55"] }, "tp_split.1"],
    ["strategy", { tp_split: ["100", "0"] }, "tp_split.1"],
    ["strategy", { tp_split: Array.from({ length: 11 }, () => "10") }, "tp_split"],
    ["strategy", { tp_split: "100" }, "tp_split"],
    ["strategy", { trailing_stop_pct: "NaN" }, "trailing_stop_pct"],
    ["strategy", { trailing_stop_after_tp: 0 }, "trailing_stop_after_tp"],
    ["strategy", { trailing_stop_after_tp: 11 }, "trailing_stop_after_tp"],
    ["strategy", { trailing_stop_after_tp: 1.5 }, "trailing_stop_after_tp"],
    ["strategy", { trailing_stop_after_tp: "2" }, "trailing_stop_after_tp"],
  ] as const)("%s %j → %s", (group, input, field) => {
    expect(rejectedField(group, input)).toBe(field);
  });

  it("rejects unknown fields, naming the first", () => {
    expect(rejectedField("risk", { leverage: 5, bogus: 1, other: 2 })).toBe("bogus");
    expect(rejectedField("risk", { bogus: 1, other: 2 })).toBe("bogus");
    expect(parse("risk", { bogus: 1 }).error!.issues[0]!.message).toBe("unknown field(s): bogus");
  });

  it("rejects a field of another group", () => {
    expect(rejectedField("dca", { leverage: 5 })).toBe("leverage");
  });

  it.each([null, [], "x", 5])("rejects %j as the body", (body) => {
    expect(rejectedField("risk", body)).toBe("body");
  });
});

describe("toColumns / toWire", () => {
  it.each(SETTINGS_GROUP_NAMES)("%s round-trips a full update, decimals exact as strings", (group) => {
    const parsed = settingsSchema(group).parse(VALID[group]);
    const columns = toColumns(group, parsed);
    const fields = SETTINGS_GROUPS[group] as Record<string, { column: string }>;
    expect(Object.keys(columns).sort()).toEqual(Object.values(fields).map((f) => f.column).sort());
    const wire = toWire(group, asRow(group, columns));
    expect(wire).toEqual(parsed);
  });

  it("keeps decimals that a float would lose", () => {
    const parsed = settingsSchema("risk").parse({ capital_usdt: "0.1", per_trade_usdt: "123456789.12345678" });
    const wire = toWire("risk", asRow("risk", { ...toColumns("risk", VALID_ROW_RISK), ...toColumns("risk", parsed) }));
    expect(wire.capital_usdt).toBe("0.1");
    expect(wire.per_trade_usdt).toBe("123456789.12345678");
    expect(typeof wire.max_account_exposure_pct).toBe("string");
  });

  it("maps only the fields given", () => {
    expect(toColumns("risk", { leverage: 7, capital_usdt: undefined })).toEqual({ leverage: 7 });
    expect(toColumns("strategy", { tp_split: ["60", "40"] })).toEqual({ tpSplit: ["60", "40"] });
  });

  it("selects exactly the group's columns", () => {
    expect(selectFor("dca")).toEqual({ dcaEnabled: true, dcaSteps: true, dcaStepPct: true, dcaSizeMultiplier: true });
  });
});

const VALID_ROW_RISK = settingsSchema("risk").parse(VALID.risk);

describe("decimal scale and notation", () => {
  // Decimal.toString() switches to exponent notation below 1e-7: what GET answers must be
  // something PUT accepts back.
  it("a tiny decimal keeps plain notation after parsing", () => {
    const parsed = settingsSchema("risk").parse({ capital_usdt: "0.00000001" });
    expect(parsed.capital_usdt).toBe("0.00000001");
  });

  it("what GET answers for capital_usdt = 0.00000001 is accepted back by PUT", () => {
    const wire = toWire("risk", asRow("risk", toColumns("risk", { ...VALID_ROW_RISK, capital_usdt: "0.00000001" })));
    expect(parse("risk", { capital_usdt: wire.capital_usdt }).success).toBe(true);
  });

  it("a small JSON number within the column's scale (1e-7 USDT) is accepted", () => {
    expect(parse("risk", { per_trade_usdt: 0.0000001 }).success).toBe(true);
  });

  // The columns are Decimal(5,2) / Decimal(6,3) / Decimal(20,8); PostgreSQL would round extra
  // places silently, so they are refused instead.
  it("tp_split entries with more places than the column holds are rejected", () => {
    const input = ["33.333", "33.333", "33.334"];
    const stored = input.map((x) => new Prisma.Decimal(x).toDecimalPlaces(2));
    expect(stored.reduce((a, x) => a.plus(x), new Prisma.Decimal(0)).toString()).toBe("99.99");
    expect(parse("strategy", { tp_split: input }).success).toBe(false);
  });

  it("per_trade_usdt below the column's 8 places (stored as 0, though it must be > 0) is rejected", () => {
    expect(new Prisma.Decimal("0.000000001").toDecimalPlaces(8).isZero()).toBe(true);
    expect(parse("risk", { per_trade_usdt: "0.000000001" }).success).toBe(false);
  });
});
