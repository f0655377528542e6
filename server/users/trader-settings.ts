// A trader's sizing and trailing settings as the trading core reads them (SPEC §6), as plain strings.
// One definition of the columns serves the single read (getTraderSettings: a manual trade, a
// preview) and the fan-out's batch query (traderSettingsSql), so both see the same settings.
import { db } from "../db/client";
import { notFound } from "../errors";

export type TTraderSettings = {
  capitalUsdt: string;
  perTradeUsdt: string;
  leverage: number;
  sizingMode: "FIXED" | "RISK";
  riskPerTradePct: string;
  tpSplit: string[];
  trailingStopEnabled: boolean;
  trailingStopPct: string;
  trailingStopAfterTp: number;
};

const COLUMNS: Record<keyof TTraderSettings, (u: string) => string> = {
  capitalUsdt: (u) => `${u}.capital_usdt::text`,
  perTradeUsdt: (u) => `${u}.per_trade_usdt::text`,
  leverage: (u) => `${u}.leverage`,
  sizingMode: (u) => `${u}.sizing_mode::text`,
  riskPerTradePct: (u) => `${u}.risk_per_trade_pct::text`,
  tpSplit: (u) => `coalesce(${u}.tp_split::text[], '{}')`,
  trailingStopEnabled: (u) => `${u}.trailing_stop_enabled`,
  trailingStopPct: (u) => `${u}.trailing_stop_pct::text`,
  trailingStopAfterTp: (u) => `${u}.trailing_stop_after_tp`,
};

/** The select list of TTraderSettings over the users row `u` (the fan-out adds its own columns). */
export function traderSettingsSql(u: string): string {
  return Object.entries(COLUMNS)
    .map(([field, column]) => `${column(u)} AS "${field}"`)
    .join(", ");
}

export async function getTraderSettings(userId: number): Promise<TTraderSettings> {
  const [row] = await db().$queryRawUnsafe<TTraderSettings[]>(`SELECT ${traderSettingsSql("u")} FROM users u WHERE u.id = $1`, userId);
  if (!row) throw notFound("User");
  return row;
}
