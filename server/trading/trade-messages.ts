// The auto-trader's messages to the VIP chat. ONE message per signal for the copies it opened and
// one per closing event (or per monitor tick and signal) for the copies it closed — never one per
// user: a Telegram group takes about 20 messages a minute, and 10,000 copies would bury the signals
// themselves for hours. Per-trade detail lives in the app (positions, history).
import { escapeHtml } from "../telegram/format";
import { dec, pct } from "../decimal";

const count = (n: number) => n.toLocaleString("en-US");
const signed = (p: string) => (dec(p).gte(0) ? `+${p}` : p);

export function tradesOpenedText(s: { symbol: string; direction: "LONG" | "SHORT"; paper: number; live: number; entry: string | null }): string {
  const parts = [s.paper > 0 ? `${count(s.paper)} PAPER` : null, s.live > 0 ? `${count(s.live)} LIVE` : null].filter(Boolean).join(" + ");
  const total = s.paper + s.live;
  return [
    `🚀 Auto-trader: ${parts} trade${total === 1 ? "" : "s"} opened on #${escapeHtml(s.symbol)} ${s.direction}`,
    ...(s.entry ? [`Entry ≈ ${escapeHtml(s.entry)}`] : []),
  ].join("\n");
}

export type TClosedGroup = { symbol: string; direction: "LONG" | "SHORT"; reason: string; pnlPcts: string[]; paper: number; live: number };

/** Average P&L % (of margin, fees included) over the closed copies, with wins and losses. */
export function tradesClosedText(g: TClosedGroup): string {
  const n = g.pnlPcts.length;
  const avg = n === 0 ? "0" : pct(g.pnlPcts.reduce((a, p) => a.add(p), dec(0)).div(n).toDecimalPlaces(2));
  const wins = g.pnlPcts.filter((p) => dec(p).gt(0)).length;
  const losses = g.pnlPcts.filter((p) => dec(p).lt(0)).length;
  const parts = [g.paper > 0 ? `${count(g.paper)} PAPER` : null, g.live > 0 ? `${count(g.live)} LIVE` : null].filter(Boolean).join(" + ");
  const icon = dec(avg).gte(0) ? "✅" : "🔻";
  return [
    `${icon} Auto-trader: ${parts} trade${n === 1 ? "" : "s"} closed on #${escapeHtml(g.symbol)} ${g.direction} (${escapeHtml(g.reason)})`,
    `PnL ${signed(avg)}% average · ${count(wins)} won · ${count(losses)} lost`,
  ].join("\n");
}
