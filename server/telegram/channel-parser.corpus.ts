// Fixture posts for the channel parser: the operator's own channel shapes (SPEC §5) first, then
// the ways other real channels vary them, then the events, then posts that must not become
// signals. `expected` is exact for signals and events; for ignored/unparsed the kind is compared
// and the reason must be a non-empty string — the exact one when `expected` names it. Shared by
// the unit test and bench/parser.ts.
import { type TParsedEvent, type TParsedSignal } from "./channel-parser";

export type TCorpusEntry = {
  name: string;
  text: string;
  expected: TParsedSignal | TParsedEvent | { kind: "ignored" } | { kind: "unparsed"; reason?: string };
};

const signal = (s: Omit<TParsedSignal, "kind" | "leverage" | "marginMode"> & Partial<TParsedSignal>): TParsedSignal => ({
  kind: "signal",
  leverage: null,
  marginMode: null,
  ...s,
});
const event = (e: Omit<TParsedEvent, "kind" | "target" | "profitPct" | "symbol"> & Partial<TParsedEvent>): TParsedEvent => ({
  kind: "event",
  symbol: null,
  target: null,
  profitPct: null,
  ...e,
});
const IGNORED = { kind: "ignored" } as const;
const UNPARSED = { kind: "unparsed" } as const;

const APT_LONG = signal({
  symbol: "APTUSDT", direction: "LONG", entryLow: "4.812", entryHigh: "4.812",
  targets: ["4.836", "4.860", "4.884", "4.908", "4.932"], stopLoss: "4.731", leverage: 12,
});

// Posts in the layout Cornix popularised ("Signal Posting" in Cornix's help), as channels that
// forward them write it: Cornix's own templates (the compact one with blocks on one line, the
// "advanced" one with Client:, ratios and a Trailing Configuration) and the ways channels vary
// them (no emoji, "SIGNAL Type", singular "Stop Target:", blank lines, no colon, "$BTC" titles).
export const CORNIX_SIGNALS: TCorpusEntry[] = [
  {
    name: "Cornix: compact template, blocks on one line, Isolated (5X)",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Isolated (5X)\nEntry Zone: 38766.9 - 38900.0\nTake-Profit Targets: 1) 39000 2) 39500 3) 40000\nStop Targets: 1) 38000",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "38766.9", entryHigh: "38900.0",
      targets: ["39000", "39500", "40000"], stopLoss: "38000", leverage: 5, marginMode: "ISOLATED",
    }),
  },
  {
    name: "Cornix: advanced template with Client:, ratios, Cross (20.0X) and trailing",
    text: "BTC/USDT\nClient: Binance Futures\nTrade Type: Regular (Short)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 41500 - 50%\n2) 42000 - 50%\n\nTake-Profit Targets:\n1) 40500 - 25%\n2) 40000 - 25%\n3) 39000 - 50%\n\nStop Targets:\n1) 43500 - 100%\n\nTrailing Configuration:\nEntry: Percentage (0.0%)\nTake-Profit: Percentage (0.0%)\nStop: Without",
    expected: signal({
      symbol: "BTCUSDT", direction: "SHORT", entryLow: "41500", entryHigh: "42000",
      targets: ["40500", "40000", "39000"], stopLoss: "43500", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: emoji with variation selectors, two exchanges, percent per target, Moving Target trailing",
    text: "⚡️⚡️ #BNB/USDT ⚡️⚡️\nExchanges: ByBit USDT, Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 580.5\n2) 575.0\n\nTake-Profit Targets:\n1) 590 - 20%\n2) 600 - 30%\n3) 615 - 50%\n\nStop Targets:\n1) 560\n\nTrailing Configuration:\nStop: Moving Target -\n  Trigger: Target (1)",
    expected: signal({
      symbol: "BNBUSDT", direction: "LONG", entryLow: "575.0", entryHigh: "580.5",
      targets: ["590", "600", "615"], stopLoss: "560", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: SIGNAL Type in capitals, Amount line, blank lines between items, Stop Target singular",
    text: "#BANK/USDT\nSIGNAL Type: Regular (LONG)\nLeverage: Cross (50X)\nAmount: 5%\n\nEntry Targets:\n\n1)  0.1100\n\n2) 0.1065\n\nTake-Profit Targets:\n\n1) 0.1160\n\n2)  0.1200\n\n3)  0.1400\n\nStop Target:\n\n1)  0.1035\n\nTrailing Configuration:\nStop: Breakeven -\n  Trigger: Target (1)",
    expected: signal({
      symbol: "BANKUSDT", direction: "LONG", entryLow: "0.1065", entryHigh: "0.1100",
      targets: ["0.1160", "0.1200", "0.1400"], stopLoss: "0.1035", leverage: 50, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: headers without colons, no leverage line",
    text: "#USELESS/USDT\nSIGNAL Type: Regular (LONG)\nEntry Targets\n1) 0.2330\n2) 0.2250\nTake-Profit Targets\n1) 0.2400\n2) 0.2500\n3) 0.2650\nStop Target\n1) 0.2180",
    expected: signal({
      symbol: "USELESSUSDT", direction: "LONG", entryLow: "0.2250", entryHigh: "0.2330",
      targets: ["0.2400", "0.2500", "0.2650"], stopLoss: "0.2180",
    }),
  },
  {
    name: "Cornix: fire title, Short only in the type line, Entry Zone on its own line",
    text: "🔥 #ETH/USDT 🔥\nExchanges: Binance Futures, Bybit USDT\nSignal Type: Regular (Short)\nLeverage: Isolated (10X)\n\nEntry Zone:\n3450 - 3480\n\nTake-Profit Targets:\n1) 3420\n2) 3390\n3) 3350\n4) 3300\n5) 3220\n\nStop Targets:\n1) 3545",
    expected: signal({
      symbol: "ETHUSDT", direction: "SHORT", entryLow: "3450", entryHigh: "3480",
      targets: ["3420", "3390", "3350", "3300", "3220"], stopLoss: "3545", leverage: 10, marginMode: "ISOLATED",
    }),
  },
  {
    name: "Cornix: $BTC title on a futures layout is the USDT pair, Leverage: Cross 20x",
    text: "⚡⚡ $BTC ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Short)\nLeverage: Cross 20x\n\nEntry Zone:\n68000 - 68500\n\nTake-Profit Targets:\n1) 67200\n2) 66500\n3) 65000\n\nStop Targets:\n1) 69500",
    expected: signal({
      symbol: "BTCUSDT", direction: "SHORT", entryLow: "68000", entryHigh: "68500",
      targets: ["67200", "66500", "65000"], stopLoss: "69500", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: #SOLUSDT glued pair, Trade Type, Leverage: 20x, entries on one line",
    text: "📈 #SOLUSDT 📈\nClient: Binance Futures\nTrade Type: Regular (Long)\nLeverage: 20x\nEntry Targets: 1) 145.20 2) 143.80\nTake-Profit Targets:\n1) 147.50\n2) 150.00\n3) 155.00\nStop Targets:\n1) 139.90",
    expected: signal({
      symbol: "SOLUSDT", direction: "LONG", entryLow: "143.80", entryHigh: "145.20",
      targets: ["147.50", "150.00", "155.00"], stopLoss: "139.90", leverage: 20,
    }),
  },
  {
    name: "Cornix: plain BTCUSDT title, no emoji at all, Cross (10.0X)",
    text: "BTCUSDT\nExchanges: Binance Futures\nTrade Type: Regular (Long)\nLeverage: Cross (10.0X)\nEntry Targets:\n1) 67250\n2) 66800\nTake-Profit Targets:\n1) 67900\n2) 68600\n3) 69400\nStop Targets:\n1) 65900",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "66800", entryHigh: "67250",
      targets: ["67900", "68600", "69400"], stopLoss: "65900", leverage: 10, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: Telegram HTML with bold headers",
    text: "<b>⚡⚡ #AVAX/USDT ⚡⚡</b><br><b>Exchanges:</b> Binance Futures<br><b>Signal Type:</b> Regular (Short)<br><b>Leverage:</b> Cross (25.0X)<br><br><b>Entry Targets:</b><br>1) 36.40<br>2) 36.90<br><br><b>Take-Profit Targets:</b><br>1) 35.80<br>2) 35.10<br>3) 34.20<br><br><b>Stop Targets:</b><br>1) 37.60",
    expected: signal({
      symbol: "AVAXUSDT", direction: "SHORT", entryLow: "36.40", entryHigh: "36.90",
      targets: ["35.80", "35.10", "34.20"], stopLoss: "37.60", leverage: 25, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: Markdown bold, dot-numbered lines, percent after the stop",
    text: "**⚡ #LINK/USDT ⚡**\n**Exchanges:** Binance Futures\n**Trade Type:** Regular (Long)\n**Leverage:** Isolated (15X)\n\n**Entry Zone:** 14.10 - 14.30\n\n**Take-Profit Targets:**\n1. 14.55\n2. 14.90\n3. 15.40\n\n**Stop Targets:**\n1. 13.70 (-4%)",
    expected: signal({
      symbol: "LINKUSDT", direction: "LONG", entryLow: "14.10", entryHigh: "14.30",
      targets: ["14.55", "14.90", "15.40"], stopLoss: "13.70", leverage: 15, marginMode: "ISOLATED",
    }),
  },
  {
    name: "Cornix: ten take-profit targets on a 1000PEPE perpetual",
    text: "⚡⚡ #1000PEPE/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 0.01230\n2) 0.01210\n\nTake-Profit Targets:\n1) 0.01245\n2) 0.01260\n3) 0.01275\n4) 0.01290\n5) 0.01310\n6) 0.01330\n7) 0.01355\n8) 0.01380\n9) 0.01410\n10) 0.01450\n\nStop Targets:\n1) 0.01165",
    expected: signal({
      symbol: "1000PEPEUSDT", direction: "LONG", entryLow: "0.01210", entryHigh: "0.01230",
      targets: ["0.01245", "0.01260", "0.01275", "0.01290", "0.01310", "0.01330", "0.01355", "0.01380", "0.01410", "0.01450"],
      stopLoss: "0.01165", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: emoji-labelled headers, keycap-numbered targets",
    text: "🟢 #DOGE/USDT 🟢\n🏦 Exchanges: Binance Futures\n📊 Signal Type: Regular (Long)\n⚙️ Leverage: Cross (10X)\n\n📥 Entry Targets:\n1️⃣ 0.1620\n2️⃣ 0.1590\n\n🎯 Take-Profit Targets:\n1️⃣ 0.1660\n2️⃣ 0.1700\n3️⃣ 0.1760\n\n🛑 Stop Targets:\n1️⃣ 0.1540",
    expected: signal({
      symbol: "DOGEUSDT", direction: "LONG", entryLow: "0.1590", entryHigh: "0.1620",
      targets: ["0.1660", "0.1700", "0.1760"], stopLoss: "0.1540", leverage: 10, marginMode: "CROSS",
    }),
  },
  {
    name: "Cornix: decimal commas, Leverage: 20x (Cross)",
    text: "Coin: $SXP/USDT\nSignal Type: Regular (Long)\nLeverage: 20x (Cross)\n\nEntry Targets:\n1) 0,415\n2) 0,3943\n\nTake-Profit Targets:\n1) 0,428\n2) 0,445\n3) 0,47\n\nStop Targets:\n1) 0,372",
    expected: signal({
      symbol: "SXPUSDT", direction: "LONG", entryLow: "0.3943", entryHigh: "0.415",
      targets: ["0.428", "0.445", "0.47"], stopLoss: "0.372", leverage: 20, marginMode: "CROSS",
    }),
  },
];

/** Cornix-layout posts that must not become signals, with the reason the operator is shown. */
export const CORNIX_NEAR_MISSES: TCorpusEntry[] = [
  {
    name: "Cornix: no Stop Targets block",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 67250\n2) 66800\n\nTake-Profit Targets:\n1) 67900\n2) 68600",
    expected: { kind: "unparsed", reason: 'no stop loss (no "Stop Targets" block)' },
  },
  {
    name: "Cornix: no Take-Profit Targets block",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 67250\n2) 66800\n\nStop Targets:\n1) 65900",
    expected: { kind: "unparsed", reason: 'no targets (no "Take-Profit Targets" block)' },
  },
  {
    name: "Cornix: only the entry, neither targets nor stop",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nEntry Zone: 66800 - 67250",
    expected: { kind: "unparsed", reason: 'no targets (no "Take-Profit Targets" block)' },
  },
  {
    name: "Cornix: Long with the stop above the entry",
    text: "⚡⚡ #ETH/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Isolated (10X)\nEntry Zone: 3450 - 3480\nTake-Profit Targets:\n1) 3520\n2) 3560\nStop Targets:\n1) 3500",
    expected: { kind: "unparsed", reason: "stop loss not below entry for LONG" },
  },
  {
    name: "Cornix: type line says Short, targets above the entry",
    text: "🔥 #ETH/USDT 🔥\nExchanges: Binance Futures\nSignal Type: Regular (Short)\nLeverage: Isolated (10X)\nEntry Zone: 3450 - 3480\nTake-Profit Targets:\n1) 3520\n2) 3560\nStop Targets:\n1) 3600",
    expected: { kind: "unparsed", reason: "targets not below entry for SHORT" },
  },
  {
    name: "Cornix: Breakout trade",
    text: "🔥 #ETH/USDT 🔥\nExchanges: Binance Futures\nTrade Type: Breakout (Long)\nLeverage: Cross (10X)\nEntry Targets:\n1) 3600\nTake-Profit Targets:\n1) 3700\n2) 3800\nStop Targets:\n1) 3500",
    expected: { kind: "unparsed", reason: "breakout trade (entry waits for a break of the price; only Regular trades are copied)" },
  },
  {
    name: "Cornix: market entry with no price",
    text: "⚡⚡ #BTCUSDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Isolated (10X)\n\nEntry Zone:\nBuy at current price\n\nTake-Profit Targets:\n1) 93400\n2) 93520\n\nStop Targets:\n1) 82990",
    expected: { kind: "unparsed", reason: "entry has no price" },
  },
  {
    name: "Cornix: two stop targets",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nEntry Zone: 66800 - 67250\nTake-Profit Targets:\n1) 67900\n2) 68600\nStop Targets:\n1) 65900 - 50%\n2) 65000 - 50%",
    expected: { kind: "unparsed", reason: "2 stop targets (one stop price expected)" },
  },
  {
    name: "Cornix: fractional leverage",
    text: "⚡⚡ #BTC/USDT ⚡⚡\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (12.5X)\nEntry Zone: 66800 - 67250\nTake-Profit Targets:\n1) 67900\nStop Targets:\n1) 65900",
    expected: { kind: "unparsed", reason: "leverage not a whole number (12.5)" },
  },
];

export const SIGNALS: TCorpusEntry[] = [
  {
    name: "operator: new LONG signal",
    text: "#Signal #APT/USDT $APT\nLong 🚀 Lev x12 #Crypto\nEntry: 4.812 - Stop Loss: 4.731\nTargets: 4.836 - 4.860 - 4.884 - 4.908 - 4.932",
    expected: APT_LONG,
  },
  {
    name: "operator: new SHORT signal",
    text: "#Signal #APT/USDT $APT\nShort 🩸 Lev x9 #Crypto\nEntry: 4.812 - Stop Loss: 4.901\nTargets: 4.788 - 4.764 - 4.740 - 4.716 - 4.692",
    expected: signal({
      symbol: "APTUSDT", direction: "SHORT", entryLow: "4.812", entryHigh: "4.812",
      targets: ["4.788", "4.764", "4.740", "4.716", "4.692"], stopLoss: "4.901", leverage: 9,
    }),
  },
  {
    name: "operator: one-line forward",
    text: "#Signal #BTC/USDT Long Entry: 68500 TP1: 69000 TP2: 69500 SL: 68000 Leverage: 10x",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "68500", entryHigh: "68500",
      targets: ["69000", "69500"], stopLoss: "68000", leverage: 10,
    }),
  },
  {
    name: "operator: multi-line TP1/TP2/SL/Leverage",
    text: "#Signal #ETH/USDT\nShort\nEntry: 3450\nTP1: 3400\nTP2: 3350\nTP3: 3300\nSL: 3520\nLeverage: 15x",
    expected: signal({
      symbol: "ETHUSDT", direction: "SHORT", entryLow: "3450", entryHigh: "3450",
      targets: ["3400", "3350", "3300"], stopLoss: "3520", leverage: 15,
    }),
  },
  {
    name: "operator shape with CRLF, bold markdown and no emoji",
    text: "**#Signal #APT/USDT $APT**\r\n**Long Lev x12 #Crypto**\r\n__Entry:__ 4.812 - __Stop Loss:__ 4.731\r\n*Targets:* 4.836 - 4.860 - 4.884 - 4.908 - 4.932\r\n",
    expected: APT_LONG,
  },
  {
    name: "operator shape as Telegram HTML with entities",
    text: "<b>#Signal #APT/USDT $APT</b><br>Long &#128640; Lev x12 #Crypto<br><i>Entry:</i> 4.812 &ndash; Stop Loss: 4.731<br>Targets: 4.836 - 4.860 - 4.884 - 4.908 - 4.932",
    expected: APT_LONG,
  },
  {
    name: "Entry Zone, comma-separated targets, Stop-Loss, Leverage: Cross 20x",
    text: "📊 #ADA/USDT\nDirection: LONG 🟢\nEntry Zone: 0.4250 - 0.4300\nTargets: 0.4350, 0.4400, 0.4500\nStop-Loss: 0.4150\nLeverage: Cross 20x",
    expected: signal({
      symbol: "ADAUSDT", direction: "LONG", entryLow: "0.4250", entryHigh: "0.4300",
      targets: ["0.4350", "0.4400", "0.4500"], stopLoss: "0.4150", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Buy: range with numbered target lines",
    text: "XRP/USDT\nBuy: 0.42-0.43\nTargets:\n1) 0.445\n2) 0.46\n3) 0.48\nStop: 0.405",
    expected: signal({
      symbol: "XRPUSDT", direction: "LONG", entryLow: "0.42", entryHigh: "0.43",
      targets: ["0.445", "0.46", "0.48"], stopLoss: "0.405",
    }),
  },
  {
    name: "Target N: lines, Stoploss, Isolated 10X, BTC-USDT",
    text: "BTC-USDT LONG\nEntry Price: 67,200\nTarget 1: 67,800\nTarget 2: 68,400\nTarget 3: 69,000\nStoploss: 66,500\nIsolated 10X",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "67200", entryHigh: "67200",
      targets: ["67800", "68400", "69000"], stopLoss: "66500", leverage: 10, marginMode: "ISOLATED",
    }),
  },
  {
    name: "TP1 - price lines, SHORT 🔴, BTCUSDT.P",
    text: "BTCUSDT.P SHORT 🔴\nEntry: 70100\nTP1 - 69500\nTP2 - 69000\nTP3 - 68200\nSL - 70900",
    expected: signal({
      symbol: "BTCUSDT", direction: "SHORT", entryLow: "70100", entryHigh: "70100",
      targets: ["69500", "69000", "68200"], stopLoss: "70900",
    }),
  },
  {
    name: "TP 1: with spaces and Stop Loss on its own line",
    text: "Coin: #SOL/USDT\nSide: Buy\nEntry: 145.2\nTP 1: 147.0\nTP 2: 149.5\nTP 3: 152.0\nStop Loss:\n141.8\nLeverage: 5x",
    expected: signal({
      symbol: "SOLUSDT", direction: "LONG", entryLow: "145.2", entryHigh: "145.2",
      targets: ["147.0", "149.5", "152.0"], stopLoss: "141.8", leverage: 5,
    }),
  },
  {
    name: "🎯 and ⛔ emoji labels",
    text: "#DOT/USDT LONG\nEntry 6.10 - 6.20\n🎯 6.35\n🎯 6.50\n🎯 6.80\n⛔️ 5.95",
    expected: signal({
      symbol: "DOTUSDT", direction: "LONG", entryLow: "6.10", entryHigh: "6.20",
      targets: ["6.35", "6.50", "6.80"], stopLoss: "5.95",
    }),
  },
  {
    name: "keycap-numbered targets under a header",
    text: "#LINK/USDT\nLONG 🟢 (20x)\nEntry: 14.20\nTargets:\n1️⃣ 14.50\n2️⃣ 14.80\n3️⃣ 15.20\nSL: 13.60",
    expected: signal({
      symbol: "LINKUSDT", direction: "LONG", entryLow: "14.20", entryHigh: "14.20",
      targets: ["14.50", "14.80", "15.20"], stopLoss: "13.60", leverage: 20,
    }),
  },
  {
    name: "Cornix layout: Entry Targets / Take-Profit Targets / Stop Targets",
    text: "⚡️⚡️ #LINK/USDT ⚡️⚡️\nExchanges: Binance Futures\nSignal Type: Regular (Long)\nLeverage: Cross (20X)\n\nEntry Targets:\n1) 14.20\n2) 14.00\n\nTake-Profit Targets:\n1) 14.50\n2) 14.80\n3) 15.20\n\nStop Targets:\n1) 13.60",
    expected: signal({
      symbol: "LINKUSDT", direction: "LONG", entryLow: "14.00", entryHigh: "14.20",
      targets: ["14.50", "14.80", "15.20"], stopLoss: "13.60", leverage: 20, marginMode: "CROSS",
    }),
  },
  {
    name: "Sell zone SHORT with slash-separated targets",
    text: "$AVAX AVAX/USDT\nSell: 36.40 - 36.90\nTargets: 35.80 / 35.10 / 34.20\nSL: 37.60\nLev 10x",
    expected: signal({
      symbol: "AVAXUSDT", direction: "SHORT", entryLow: "36.40", entryHigh: "36.90",
      targets: ["35.80", "35.10", "34.20"], stopLoss: "37.60", leverage: 10,
    }),
  },
  {
    name: "space-separated targets, lower case, no punctuation",
    text: "btc/usdt long entry 68000 targets 69000 70000 71000 sl 67000",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "68000", entryHigh: "68000",
      targets: ["69000", "70000", "71000"], stopLoss: "67000",
    }),
  },
  {
    name: "entry zone written high to low",
    text: "#APT/USDT Long\nEntry: 4.85 - 4.80\nTargets: 4.95 - 5.05\nSL: 4.70",
    expected: signal({
      symbol: "APTUSDT", direction: "LONG", entryLow: "4.80", entryHigh: "4.85",
      targets: ["4.95", "5.05"], stopLoss: "4.70",
    }),
  },
  {
    name: "clear decimal commas",
    text: "#ADA/USDT LONG\nEntry: 0,4250 - 0,4300\nTargets: 0,44 / 0,45\nSL: 0,41",
    expected: signal({
      symbol: "ADAUSDT", direction: "LONG", entryLow: "0.4250", entryHigh: "0.4300",
      targets: ["0.44", "0.45"], stopLoss: "0.41",
    }),
  },
  {
    name: "thousands separators with a decimal part",
    text: "ETH/USDT SHORT\nEntry: 3,450.5\nTargets: 3,400.0 - 3,350.25\nSL: 3,520",
    expected: signal({
      symbol: "ETHUSDT", direction: "SHORT", entryLow: "3450.5", entryHigh: "3450.5",
      targets: ["3400.0", "3350.25"], stopLoss: "3520",
    }),
  },
  {
    name: "no side word: the ladder gives LONG",
    text: "#NEAR/USDT\nEntry: 5.10\nTargets: 5.30 - 5.50\nStop: 4.95",
    expected: signal({
      symbol: "NEARUSDT", direction: "LONG", entryLow: "5.10", entryHigh: "5.10",
      targets: ["5.30", "5.50"], stopLoss: "4.95",
    }),
  },
  {
    name: "Short @ price one-liner with pipes",
    text: "$DOGE DOGE/USDT SHORT @ 0.165 | TP 0.160 0.155 0.150 | SL 0.170 | Lev 10x",
    expected: signal({
      symbol: "DOGEUSDT", direction: "SHORT", entryLow: "0.165", entryHigh: "0.165",
      targets: ["0.160", "0.155", "0.150"], stopLoss: "0.170", leverage: 10,
    }),
  },
  {
    name: "chatter lines and a VIP footer around the signal",
    text: "🔥 Big move coming, guys!\n#OP/USDT\nLONG\nEntry: 2.10\nTargets: 2.18 - 2.25 - 2.40\nStop Loss: 2.02\nUse max 2% of your balance.\nJoin VIP: t.me/verzek_vip",
    expected: signal({
      symbol: "OPUSDT", direction: "LONG", entryLow: "2.10", entryHigh: "2.10",
      targets: ["2.18", "2.25", "2.40"], stopLoss: "2.02",
    }),
  },
  {
    name: "two entries on their own labels",
    text: "#ARB/USDT Long\nEntry 1: 1.12\nEntry 2: 1.08\nTP1: 1.18\nTP2: 1.25\nSL: 1.02",
    expected: signal({
      symbol: "ARBUSDT", direction: "LONG", entryLow: "1.08", entryHigh: "1.12",
      targets: ["1.18", "1.25"], stopLoss: "1.02",
    }),
  },
  {
    name: "percent annotations after targets and stop",
    text: "#INJ/USDT LONG\nEntry: 25.00 (market)\nTP1: 26.00 (+4%)\nTP2: 27.50 (+10%)\nSL: 24.00 (-4%)",
    expected: signal({
      symbol: "INJUSDT", direction: "LONG", entryLow: "25.00", entryHigh: "25.00",
      targets: ["26.00", "27.50"], stopLoss: "24.00",
    }),
  },
  {
    name: "math-bold and full-width characters",
    text: "#BNB/USDT 𝗟𝗢𝗡𝗚\nＥｎｔｒｙ： ５８０\nTargets: 590 - 600\nSL: 570",
    expected: signal({
      symbol: "BNBUSDT", direction: "LONG", entryLow: "580", entryHigh: "580",
      targets: ["590", "600"], stopLoss: "570",
    }),
  },
  {
    name: "MarkdownV2 escapes",
    text: "\\#MATIC/USDT SHORT\nEntry: 0\\.7200 \\- 0\\.7300\nTargets: 0\\.7000 \\- 0\\.6800\nSL: 0\\.7500",
    expected: signal({
      symbol: "MATICUSDT", direction: "SHORT", entryLow: "0.7200", entryHigh: "0.7300",
      targets: ["0.7000", "0.6800"], stopLoss: "0.7500",
    }),
  },
  {
    name: "Take Profit label with Stop-Loss and SHORT word",
    text: "Pair: LTCUSDT\nPosition: SHORT\nEntry Price 88.4\nTake Profit: 86.9, 85.5, 83.0\nStop-Loss 90.2\nMargin: Isolated\nLeverage: 8x",
    expected: signal({
      symbol: "LTCUSDT", direction: "SHORT", entryLow: "88.4", entryHigh: "88.4",
      targets: ["86.9", "85.5", "83.0"], stopLoss: "90.2", leverage: 8, marginMode: "ISOLATED",
    }),
  },
  {
    name: "1000PEPE perpetual with tiny prices",
    text: "#1000PEPE/USDT LONG\nEntry: 0.01210 - 0.01230\nTargets: 0.01260 - 0.01300 - 0.01350\nSL: 0.01170\nCross 25x",
    expected: signal({
      symbol: "1000PEPEUSDT", direction: "LONG", entryLow: "0.01210", entryHigh: "0.01230",
      targets: ["0.01260", "0.01300", "0.01350"], stopLoss: "0.01170", leverage: 25, marginMode: "CROSS",
    }),
  },
  {
    name: "Entry zone on the next line, targets listed without numbers",
    text: "#SUI/USDT — LONG\nEntry Zone:\n1.50 - 1.55\nTargets:\n1.60\n1.68\n1.75\nStop Loss: 1.44",
    expected: signal({
      symbol: "SUIUSDT", direction: "LONG", entryLow: "1.50", entryHigh: "1.55",
      targets: ["1.60", "1.68", "1.75"], stopLoss: "1.44",
    }),
  },
  {
    name: "ten targets",
    text: "#TRX/USDT LONG\nEntry: 0.1200\nTargets: 0.1210 - 0.1220 - 0.1230 - 0.1240 - 0.1250 - 0.1260 - 0.1270 - 0.1280 - 0.1290 - 0.1300\nSL: 0.1150",
    expected: signal({
      symbol: "TRXUSDT", direction: "LONG", entryLow: "0.1200", entryHigh: "0.1200",
      targets: ["0.1210", "0.1220", "0.1230", "0.1240", "0.1250", "0.1260", "0.1270", "0.1280", "0.1290", "0.1300"],
      stopLoss: "0.1150",
    }),
  },
  {
    name: "bullet lists with hyphens and S/L",
    text: "🟢 LONG — FIL/USDT\n• Entry: 5.40\n• TP1: 5.60\n• TP2: 5.80\n• S/L: 5.20",
    expected: signal({
      symbol: "FILUSDT", direction: "LONG", entryLow: "5.40", entryHigh: "5.40",
      targets: ["5.60", "5.80"], stopLoss: "5.20",
    }),
  },
  {
    name: "sell targets are not a side; bare 20x leverage",
    text: "BTC/USDT\nBuy zone: 68000 - 68500\nSell targets: 69000 - 70000\nStop: 67000\n20x",
    expected: signal({
      symbol: "BTCUSDT", direction: "LONG", entryLow: "68000", entryHigh: "68500",
      targets: ["69000", "70000"], stopLoss: "67000", leverage: 20,
    }),
  },
  {
    name: "emoji-decorated Coin/Target N/Stop loss lines with spaced colons",
    text: "📍Coin : #OP/USDT\n🟢 LONG\n👉 Entry : 2.10 - 2.05\n🎯 Target 1 : 2.15\n🎯 Target 2 : 2.20\n🎯 Target 3 : 2.30\n🛑 Stop loss : 1.98\n⚙️ Leverage : 10x",
    expected: signal({
      symbol: "OPUSDT", direction: "LONG", entryLow: "2.05", entryHigh: "2.10",
      targets: ["2.15", "2.20", "2.30"], stopLoss: "1.98", leverage: 10,
    }),
  },
  {
    name: "Entry target N: lines are entries, not fill notices",
    text: "#ARB/USDT Long\nEntry target 1: 1.12\nEntry target 2: 1.08\nTP1: 1.18\nTP2: 1.25\nSL: 1.02",
    expected: signal({
      symbol: "ARBUSDT", direction: "LONG", entryLow: "1.08", entryHigh: "1.12",
      targets: ["1.18", "1.25"], stopLoss: "1.02",
    }),
  },
  ...CORNIX_SIGNALS,
];

export const EVENTS: TCorpusEntry[] = [
  {
    name: "operator: target reached",
    text: "#APTUSDT - 🚨 Target 3 reached\n💸 Profit collected 29.32%\n⏰ Posted: 3 Days 5 Hours Ago",
    expected: event({ symbol: "APTUSDT", type: "TP_HIT", target: 3, profitPct: "29.32" }),
  },
  {
    name: "operator: all take-profit targets",
    text: "🏋🏻‍♀️ Gained Profit on #APTUSDT in #VIP\nAll take-profit targets achieved 😎\nProfit: 45.23% 📈\nPeriod: 12 Hours 53 Minutes ⏰",
    expected: event({ symbol: "APTUSDT", type: "ALL_TP", profitPct: "45.23" }),
  },
  {
    name: "operator: stop loss",
    text: "#APTUSDT - Stop Loss ⛔️\nLoss: 29.99%",
    expected: event({ symbol: "APTUSDT", type: "SL_HIT", profitPct: "-29.99" }),
  },
  {
    name: "operator: cancelled",
    text: "#APTUSDT - Signal Cancelled ❎\nClosed due to opposite direction signal",
    expected: event({ symbol: "APTUSDT", type: "CANCELLED" }),
  },
  {
    name: "operator: signal closed",
    text: "#APTUSDT - Signal Closed ❎",
    expected: event({ symbol: "APTUSDT", type: "CLOSED" }),
  },
  {
    name: "operator: closed with profit",
    text: "#APTUSDT - Closed! 🔘\nTrade closed with 14.25% profit.",
    expected: event({ symbol: "APTUSDT", type: "CLOSED", profitPct: "14.25" }),
  },
  {
    name: "TP2 hit reply without a pair",
    text: "TP2 hit ✅",
    expected: event({ type: "TP_HIT", target: 2 }),
  },
  {
    name: "target reached with a signed percent",
    text: "BTC/USDT Target 2 reached 🚀 +45%",
    expected: event({ symbol: "BTCUSDT", type: "TP_HIT", target: 2, profitPct: "45" }),
  },
  {
    name: "all targets hit",
    text: "All targets hit 🎯🎯🎯 #ETHUSDT",
    expected: event({ symbol: "ETHUSDT", type: "ALL_TP" }),
  },
  {
    name: "Stop Loss hit",
    text: "#BNBUSDT Stop Loss hit",
    expected: event({ symbol: "BNBUSDT", type: "SL_HIT" }),
  },
  {
    name: "SL hit with a negative percent",
    text: "SL hit ❌ #SOLUSDT -12.5%",
    expected: event({ symbol: "SOLUSDT", type: "SL_HIT", profitPct: "-12.5" }),
  },
  {
    name: "bare Cancelled",
    text: "Cancelled",
    expected: event({ type: "CANCELLED" }),
  },
  {
    name: "Closed in profit",
    text: "Closed in profit 💰",
    expected: event({ type: "CLOSED" }),
  },
  {
    name: "Cornix take-profit target",
    text: "Binance Futures, #LINK/USDT Take-Profit target 2 ✅\nProfit: 42.25% 📈\nPeriod: 5 Hours 10 Minutes ⏰",
    expected: event({ symbol: "LINKUSDT", type: "TP_HIT", target: 2, profitPct: "42.25" }),
  },
  {
    name: "stopped out with a loss",
    text: "Stopped out on BTCUSDT, loss 8%",
    expected: event({ symbol: "BTCUSDT", type: "SL_HIT", profitPct: "-8" }),
  },
  {
    name: "profit with a decimal comma",
    text: "#DOGEUSDT - 🚨 Target 1 reached\n💸 Profit collected 12,50%",
    expected: event({ symbol: "DOGEUSDT", type: "TP_HIT", target: 1, profitPct: "12.50" }),
  },
  {
    name: "bold markdown target reached",
    text: "**#XRPUSDT** - Target 4 reached\n**Profit collected 55.1%**",
    expected: event({ symbol: "XRPUSDT", type: "TP_HIT", target: 4, profitPct: "55.1" }),
  },
  {
    name: "reached target N",
    text: "Reached target 3 on ARB/USDT 🔥",
    expected: event({ symbol: "ARBUSDT", type: "TP_HIT", target: 3 }),
  },
  {
    name: "Signal Cancelled without a pair",
    text: "Signal Cancelled ❎",
    expected: event({ type: "CANCELLED" }),
  },
  {
    name: "HTML closed with profit",
    text: "<b>#APTUSDT - Closed! 🔘</b><br/>Trade closed with 14.25% profit.",
    expected: event({ symbol: "APTUSDT", type: "CLOSED", profitPct: "14.25" }),
  },
  {
    name: "stop loss with an already-negative loss",
    text: "🔴 #ETHUSDT - Stop Loss ⛔️\nLoss: -15.20%",
    expected: event({ symbol: "ETHUSDT", type: "SL_HIT", profitPct: "-15.20" }),
  },
  {
    name: "TP1 hit with a stop-to-entry note",
    text: "TP1 hit, moved SL to entry ✅ BTCUSDT",
    expected: event({ symbol: "BTCUSDT", type: "TP_HIT", target: 1 }),
  },
  {
    name: "all take-profit targets achieved, no pair",
    text: "All take-profit targets achieved 😎",
    expected: event({ type: "ALL_TP" }),
  },
  {
    name: "target hit that restates the signal",
    text: "#APTUSDT - 🚨 Target 1 reached\nEntry: 4.812\nTarget 1: 4.836\nSL: 4.731\n💸 Profit collected 5.98%",
    expected: event({ symbol: "APTUSDT", type: "TP_HIT", target: 1, profitPct: "5.98" }),
  },
  {
    name: "TP1 with only a check mark",
    text: "#BTCUSDT TP1 ✅\nProfit: 20%",
    expected: event({ symbol: "BTCUSDT", type: "TP_HIT", target: 1, profitPct: "20" }),
  },
  {
    name: "closed at breakeven",
    text: "Closed at breakeven 🤝",
    expected: event({ type: "CLOSED" }),
  },
  {
    name: "stop loss triggered with a percent",
    text: "Trade #BTCUSDT: stop loss triggered, -5.2%",
    expected: event({ symbol: "BTCUSDT", type: "SL_HIT", profitPct: "-5.2" }),
  },
  {
    name: "Cornix: Stop Target Hit notice",
    text: "#APT/USDT Stop Target Hit ⛔\nLoss: 38.961% 📉",
    expected: event({ symbol: "APTUSDT", type: "SL_HIT", profitPct: "-38.961" }),
  },
  {
    name: "Cornix: All targets achieved notice with its period",
    text: "Binance Futures\n#SOL/USDT All targets achieved 😎\nProfit: 40.2% 📈\nPeriod: 3 Hours 27 Minutes ⏰",
    expected: event({ symbol: "SOLUSDT", type: "ALL_TP", profitPct: "40.2" }),
  },
];

export const NON_SIGNALS: TCorpusEntry[] = [
  {
    name: "operator: TRIAL teaser",
    text: "#APT/USDT / $APT\nNew #Crypto #Signal Open\n🔑 Details visible for #VIP members\n⏳ Upgrade now to get the entry, targets and stop loss",
    expected: IGNORED,
  },
  {
    name: "operator: results summary",
    text: "📈 Last 24 hours results\n📡 Signal Calls: 22 calls\n✅ Targets hit: 15\n📊 Win Rate: 68.18%",
    expected: IGNORED,
  },
  {
    name: "several pairs with targets reached (summary, not an event)",
    text: "🔥 What a day:\n#APTUSDT Target 3 reached ✅\n#BTCUSDT Target 2 reached ✅\n#SOLUSDT All targets achieved 😎",
    expected: IGNORED,
  },
  {
    name: "giveaway and referral ad",
    text: "🎁 GIVEAWAY! Invite 3 friends with your referral link and win 1 month of VIP. Sign up today!",
    expected: IGNORED,
  },
  {
    name: "indicator ad",
    text: "Our new Verzek indicator caught 95% of the moves this month 📈 Get it now with 30% off!",
    expected: IGNORED,
  },
  {
    name: "promotion mentioning all targets hit",
    text: "ALL TARGETS HIT on our last VIP calls 🚀 Join VIP now: t.me/verzek_vip",
    expected: IGNORED,
  },
  {
    name: "chart analysis with support and resistance",
    text: "#APT/USDT analysis 🧐\nSupport at 4.8, resistance 5.2. Watching for a breakout above 5.2 on the 4H.",
    expected: IGNORED,
  },
  {
    name: "Long term holders chatter",
    text: "Long term holders are still in profit. Be patient, the market rewards discipline 💎",
    expected: IGNORED,
  },
  {
    name: "entry reminder restating the zone",
    text: "⏳ Price is near entry zone #APT/USDT\nEntry: 4.80 - 4.85",
    expected: IGNORED,
  },
  {
    name: "stop moved to entry note",
    text: "⚠️ Stop loss moved to entry for #APTUSDT",
    expected: IGNORED,
  },
  {
    name: "candle closed above resistance",
    text: "Daily candle closed above resistance on #BTCUSDT 👀",
    expected: IGNORED,
  },
  { name: "empty post", text: "", expected: IGNORED },
  { name: "emoji-only post", text: "🚀🚀🚀", expected: IGNORED },
  { name: "greeting", text: "Good morning traders! ☕ New week, new opportunities.", expected: IGNORED },
  {
    name: "entry and targets but no stop loss",
    text: "#APT/USDT Long\nEntry: 4.812\nTargets: 4.836 - 4.860",
    expected: UNPARSED,
  },
  {
    name: "LONG with the stop loss above entry",
    text: "#APT/USDT Long\nEntry: 4.812\nTargets: 4.836 - 4.860\nStop Loss: 4.900",
    expected: UNPARSED,
  },
  {
    name: "SHORT with targets above entry",
    text: "#APT/USDT Short\nEntry: 4.812\nTargets: 4.836 - 4.860\nStop Loss: 4.900",
    expected: UNPARSED,
  },
  {
    name: "LONG with targets out of order",
    text: "#APT/USDT Long\nEntry: 4.812\nTargets: 4.884 - 4.860\nStop Loss: 4.731",
    expected: UNPARSED,
  },
  {
    name: "bare $ticker without a pair",
    text: "$APT Long\nEntry: 4.812\nTargets: 4.836 - 4.860\nStop Loss: 4.731",
    expected: UNPARSED,
  },
  {
    name: "no pair at all",
    text: "Long now!\nEntry: 4.812\nTargets: 4.836 - 4.860\nStop Loss: 4.731",
    expected: UNPARSED,
  },
  {
    name: "market entry without a price",
    text: "#APT/USDT Long\nEntry: Market\nTargets: 4.836 - 4.860\nStop Loss: 4.731",
    expected: UNPARSED,
  },
  { name: "target number out of range", text: "#APTUSDT - Target 11 reached", expected: UNPARSED },
  {
    name: "eleven targets",
    text: "#TRX/USDT LONG\nEntry: 0.1200\nTargets: 0.121 - 0.122 - 0.123 - 0.124 - 0.125 - 0.126 - 0.127 - 0.128 - 0.129 - 0.130 - 0.131\nSL: 0.1150",
    expected: UNPARSED,
  },
  {
    name: "leverage out of range",
    text: "#BTC/USDT Long\nEntry: 68000\nTargets: 69000\nSL: 67000\nLeverage: 500x",
    expected: UNPARSED,
  },
  {
    name: "abbreviated prices",
    text: "BTC/USDT Long Entry 68k TP 70k SL 66k",
    expected: UNPARSED,
  },
  {
    name: "both sides named",
    text: "BTC/USDT Long or Short? Entry 68000 TP 69000 SL 67000",
    expected: UNPARSED,
  },
  {
    name: "targets and side but no entry",
    text: "#APT/USDT Long, target 5.5",
    expected: UNPARSED,
  },
  {
    name: "conditional cancellation note",
    text: "Signal will be cancelled if price closes below 4.7",
    expected: IGNORED,
  },
  { name: "entry filled notice", text: "Entry hit ✅ #APTUSDT", expected: IGNORED },
  { name: "golden cross chart talk", text: "Golden cross on #BTCUSDT 📈 bullish", expected: IGNORED },
  {
    name: "signal naming a second pair",
    text: "#BTC/USDT Long\nEntry: 68000\nTP: 69000\nSL: 67000\nCorrelated with ETH/USDT",
    expected: UNPARSED,
  },
  {
    name: "Cornix: Entry target filled notice (an entry order, not a take-profit)",
    text: "Binance Futures, ByBit USDT\n#DYDX/USDT Entry target 1 ✅\nAverage Entry Price: 1.361 💵",
    expected: IGNORED,
  },
  {
    name: "Cornix: All entry targets achieved notice",
    text: "Binance Futures\n#DYDX/USDT All entry targets achieved\nAverage Entry Price: 1.342 💵",
    expected: IGNORED,
  },
  ...CORNIX_NEAR_MISSES,
];

export const CORPUS: TCorpusEntry[] = [...SIGNALS, ...EVENTS, ...NON_SIGNALS];
