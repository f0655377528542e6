import { describe, expect, it } from "vitest";
import { parseChannelMessage, type TParseResult } from "./channel-parser";
import { CORNIX_NEAR_MISSES, CORNIX_SIGNALS, CORPUS, EVENTS, NON_SIGNALS, SIGNALS, type TCorpusEntry } from "@/test/fixtures/channel-posts/corpus";

function expectMatches(result: TParseResult, expected: TCorpusEntry["expected"]): void {
  if (expected.kind === "signal" || expected.kind === "event") {
    expect(result).toEqual(expected);
    return;
  }
  expect(result.kind).toBe(expected.kind);
  expect(result).toHaveProperty("reason", expect.any(String));
  expect((result as { reason: string }).reason.length).toBeGreaterThan(0);
  if ("reason" in expected && expected.reason !== undefined) expect(result).toHaveProperty("reason", expected.reason);
}

describe("parseChannelMessage corpus", () => {
  it("holds enough posts of every kind", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(70);
    expect(SIGNALS.length).toBeGreaterThanOrEqual(25);
    expect(EVENTS.length).toBeGreaterThanOrEqual(20);
    expect(NON_SIGNALS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
    expect(CORNIX_SIGNALS.length).toBeGreaterThanOrEqual(12);
    expect(CORNIX_NEAR_MISSES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))("%s", (_name, entry) => {
    expectMatches(parseChannelMessage(entry.text), entry.expected);
  });
});

describe("parseChannelMessage reasons for near-misses", () => {
  const reasonOf = (text: string) => {
    const result = parseChannelMessage(text);
    return result.kind === "unparsed" || result.kind === "ignored" ? `${result.kind}: ${result.reason}` : result.kind;
  };

  it("names the missing stop loss", () => {
    expect(reasonOf("#APT/USDT Long\nEntry: 4.812\nTargets: 4.836 - 4.860")).toBe("unparsed: no stop loss");
  });

  it("names the broken price rule", () => {
    expect(reasonOf("#APT/USDT Long\nEntry: 4.812\nTargets: 4.836\nSL: 4.9")).toBe("unparsed: stop loss not below entry for LONG");
    expect(reasonOf("#APT/USDT Long\nEntry: 4.812\nTargets: 4.7\nSL: 4.6")).toBe("unparsed: targets not above entry for LONG");
    expect(reasonOf("#APT/USDT Short\nEntry: 4.812\nTargets: 4.7\nSL: 4.8")).toBe("unparsed: stop loss not above entry for SHORT");
    expect(reasonOf("#APT/USDT Short\nEntry: 4.812\nTargets: 4.7 - 4.75\nSL: 4.9")).toBe("unparsed: targets not descending for SHORT");
  });

  it("compares prices exactly, not as floats", () => {
    const close = "#BTC/USDT Long\nEntry: 0.30000000000000001\nTargets: 0.30000000000000002\nSL: 0.1";
    expect(parseChannelMessage(close)).toMatchObject({ kind: "signal", entryLow: "0.30000000000000001" });
    const equal = "#BTC/USDT Long\nEntry: 0.30\nTargets: 0.3\nSL: 0.1";
    expect(reasonOf(equal)).toBe("unparsed: targets not above entry for LONG");
  });

  it("reads a comma with three digits as a thousands separator unless the post says otherwise", () => {
    const thousands = "#BTC/USDT Long\nEntry: 68,500\nTargets: 69,000\nSL: 68,000";
    expect(parseChannelMessage(thousands)).toMatchObject({ entryLow: "68500", targets: ["69000"], stopLoss: "68000" });
    const decimal = "#APT/USDT Long\nEntry: 4,812\nTargets: 4,84 - 4,86\nSL: 4,731";
    expect(parseChannelMessage(decimal)).toMatchObject({ entryLow: "4.812", targets: ["4.84", "4.86"], stopLoss: "4.731" });
  });
});

describe("parseChannelMessage: the Cornix layout's own rules", () => {
  const cornix = (title: string, leverage = "Cross (20.0X)") =>
    `${title}\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: ${leverage}\nEntry Zone: 66800 - 67250\nTake-Profit Targets:\n1) 67900\nStop Targets:\n1) 65900`;

  it("reads leverage written with a zero fraction, and refuses any other fraction", () => {
    expect(parseChannelMessage(cornix("⚡⚡ #BTC/USDT ⚡⚡", "Cross (20.00X)"))).toMatchObject({ kind: "signal", leverage: 20, marginMode: "CROSS" });
    expect(parseChannelMessage(cornix("⚡⚡ #BTC/USDT ⚡⚡", "Isolated (7.5X)"))).toEqual({ kind: "unparsed", reason: "leverage not a whole number (7.5)" });
    expect(parseChannelMessage(cornix("⚡⚡ #BTC/USDT ⚡⚡", "Cross (250.0X)"))).toEqual({ kind: "unparsed", reason: "leverage out of range (250.0)" });
  });

  it("takes a lone $TICKER as the USDT pair only in this layout", () => {
    expect(parseChannelMessage(cornix("⚡⚡ $ETH ⚡⚡"))).toMatchObject({ kind: "signal", symbol: "ETHUSDT" });
    expect(parseChannelMessage("$ETH Long\nEntry: 67000\nTargets: 67900\nStop Loss: 65900")).toMatchObject({ kind: "unparsed", reason: expect.stringContaining("$ETH has no quote currency") });
    expect(parseChannelMessage(cornix("⚡⚡ $ETH $BTC ⚡⚡"))).toMatchObject({ kind: "unparsed", reason: expect.stringContaining("has no quote currency") });
  });

  it.each([
    ["numbered", "Stop Targets:\n1) 65900\n2) 65000", 2],
    ["on the header's line", "Stop Targets: 1) 65900 2) 65000", 2],
    ["unnumbered lines", "Stop Targets:\n65900\n65000", 2],
    ["keycap-numbered", "Stop Targets:\n1️⃣ 65900\n2️⃣ 65000", 2],
    ["dot-numbered", "Stop Targets:\n1. 65900\n2. 65000", 2],
    ["one price then a note", "Stop Targets:\n1️⃣ 65900\n⚠️ 5% risk only", 1],
    ["one price with its ratio, then trailing", "Stop Targets:\n65900 - 100%\nTrailing Configuration:\nStop: Breakeven -\nTrigger: Target (1)", 1],
  ])("counts the Stop Targets prices (%s)", (_what, stop, count) => {
    const post = `⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nEntry Zone: 66800 - 67250\nTake-Profit Targets:\n1) 67900\n${stop}`;
    const expected = count === 1 ? { kind: "signal", stopLoss: "65900" } : { kind: "unparsed", reason: `${count} stop targets (one stop price expected)` };
    expect(parseChannelMessage(post)).toMatchObject(expected);
  });

  it("reads an entry target notice as a fill, never as a take-profit", () => {
    for (const text of ["#DYDX/USDT Entry target 2 ✅", "#DYDX/USDT Entry target 1 reached", "#DYDX/USDT Entry Target #1 hit 🎯\nAverage Entry Price: 1.361"]) {
      expect(parseChannelMessage(text)).toEqual({ kind: "ignored", reason: "entry reminder or fill notice" });
    }
    expect(parseChannelMessage("#DYDX/USDT Target 2 ✅")).toMatchObject({ kind: "event", type: "TP_HIT", target: 2 });
  });

  it("keeps the generic reasons for a post outside the layout", () => {
    expect(parseChannelMessage("#BTC/USDT Long\nEntry: 67000\nTargets: 67900")).toEqual({ kind: "unparsed", reason: "no stop loss" });
  });
});

describe("parseChannelMessage never throws", () => {
  function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const ALPHABET = "abcxyzLONGSHORTentryTPSL0123456789.,:-/#$%()[]*_~`|<>&;@x \n\r\t🚀🎯⛔️✅❎🔘💸\u200d\ufe0f\u0301é漢字";
  const rng = random(42);
  const garbage = (length: number) => Array.from({ length }, () => ALPHABET[Math.floor(rng() * ALPHABET.length)]).join("");

  const isResult = (r: TParseResult) =>
    ["signal", "event", "ignored", "unparsed"].includes(r.kind) &&
    (r.kind === "signal" || r.kind === "event" || (typeof r.reason === "string" && r.reason.length > 0));

  it("handles random garbage", () => {
    for (let i = 0; i < 2000; i++) expect(isResult(parseChannelMessage(garbage(1 + Math.floor(rng() * 400))))).toBe(true);
  });

  it("handles random splices of real posts", () => {
    for (let i = 0; i < 2000; i++) {
      const a = CORPUS[Math.floor(rng() * CORPUS.length)]!.text;
      const b = CORPUS[Math.floor(rng() * CORPUS.length)]!.text;
      const text = a.slice(0, Math.floor(rng() * a.length)) + garbage(5) + b.slice(Math.floor(rng() * b.length));
      expect(isResult(parseChannelMessage(text))).toBe(true);
    }
  });

  it("handles the empty string and whitespace", () => {
    expect(parseChannelMessage("")).toMatchObject({ kind: "ignored" });
    expect(parseChannelMessage(" \r\n\t \n")).toMatchObject({ kind: "ignored" });
  });

  it("handles 100 KB of text quickly", () => {
    const signal = SIGNALS[0]!.text;
    const big = signal.repeat(Math.ceil(100_000 / signal.length));
    const started = performance.now();
    expect(isResult(parseChannelMessage(big))).toBe(true);
    expect(isResult(parseChannelMessage("1".repeat(100_000)))).toBe(true);
    expect(isResult(parseChannelMessage("a".repeat(100_000)))).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("handles a long post just under the limit in linear time", () => {
    const body = `${"Entry: 1.2,3.4-5.6 TP1 ".repeat(500)}\n${"(((([[[[ 1) 2) 3. 4: ".repeat(300)}`;
    const started = performance.now();
    expect(isResult(parseChannelMessage(body.slice(0, 16_000)))).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("handles odd unicode", () => {
    const odd = [
      "\ud800\udc00\ud800", // a valid pair then a lone high surrogate
      "\udfff Entry: 1",
      "\u202eLONG BTC/USDT\u202c Entry 1 TP 2 SL 0.5",
      "e\u0301\u0301\u0301ntry: 1",
      "\u0000\u0001\u0002\u001f",
      "🏋🏻‍♀️👨‍👩‍👧‍👦🏳️‍🌈🇺🇸",
      "&#0; &#x110000; &#55296; &bogus; &",
      "<b><i><u>unclosed",
      "\\\\\\\\",
      "ﷺ ﷽ ＬＯＮＧ ＢＴＣ／ＵＳＤＴ",
    ];
    for (const text of odd) expect(isResult(parseChannelMessage(text))).toBe(true);
  });

  it("answers unparsed for input that is not a string", () => {
    const notText = parseChannelMessage(undefined as unknown as string);
    expect(notText.kind).toBe("unparsed");
  });
});
