// The daily report as Telegram posts it: in full to the VIP group, its results part (the teaser
// the TRIAL group used to get as "last 24 hours results") to the TRIAL group.
import { PART_LABELS, type TPart } from "../monitoring/parts";
import { escapeHtml } from "../telegram/format";
import type { TDailyReport } from "./compute-daily-report";

const signed = (s: string) => (s.startsWith("-") ? s : `+${s}`);

function resultLines(r: TDailyReport): string[] {
  const s = r.signals;
  return [
    `<b>📅 DAILY REPORT — ${r.date} (UTC)</b>`,
    `📡 Signal calls: ${s.calls}`,
    `🎯 Targets hit: ${s.targets_hit} · ⛔️ Stop losses: ${s.stop_losses}`,
    `✅ Wins: ${s.wins} · ❌ Losses: ${s.losses}`,
    `📊 Win rate: ${s.win_rate === null ? "—" : `${s.win_rate}%`}`,
    `💰 Average profit: ${s.average_profit_pct === null ? "—" : `${signed(s.average_profit_pct)}%`} · Total: ${signed(s.total_profit_pct)}%`,
    ...(s.best && s.worst
      ? [`🏆 Best: ${escapeHtml(s.best.symbol)} ${s.best.direction} ${signed(s.best.profit_pct)}% · Worst: ${escapeHtml(s.worst.symbol)} ${s.worst.direction} ${signed(s.worst.profit_pct)}%`]
      : []),
  ];
}

const chainLine = (head: string | null) => (head ? [`🔗 Track record head: <code>${head}</code>`] : []);

type TUptime = Record<string, { day_pct: string | null; week_pct: string | null; outages: number }>;

/** "🖥 Uptime (day / 7 d): Database 100.00% / 99.95%, …" over the parts the monitor watched. */
function uptimeLine(uptime: TUptime | undefined): string[] {
  const parts = Object.entries(uptime ?? {}).filter(([, u]) => u.day_pct !== null);
  if (parts.length === 0) return [];
  return [`🖥 Uptime (day / 7 d): ${parts.map(([part, u]) => `${PART_LABELS[part as TPart] ?? part} ${u.day_pct}% / ${u.week_pct}%`).join(", ")}`];
}

export function dailyReportText(r: TDailyReport, chainHead: string | null, uptime?: TUptime): string {
  const a = r.auto_trader;
  const rules = Object.entries(r.safety.blocked_by_rule)
    .sort(([, x], [, y]) => y - x)
    .map(([rule, n]) => `${escapeHtml(rule)} ${n}`)
    .join(", ");
  return [
    ...resultLines(r),
    "",
    `🤖 Auto-trader: ${a.trades} trades · ${a.wins} wins · ${a.losses} losses · P&L ${signed(a.realized_pnl_usdt)} USDT (paper ${signed(a.paper.realized_pnl_usdt)}, live ${signed(a.live.realized_pnl_usdt)})`,
    `🛡 Safety: kill switch ${r.safety.kill_switch ? "ON" : "OFF"} · drawdown ${r.safety.drawdown_pct}% · blocked trades ${r.safety.blocked_trades}${rules ? ` (${rules})` : ""}`,
    ...uptimeLine(uptime),
    ...chainLine(chainHead),
  ].join("\n");
}

export function dailyReportTeaser(r: TDailyReport, chainHead: string | null): string {
  return [...resultLines(r), ...chainLine(chainHead)].join("\n");
}
