// A trader's sizing, trailing and stop settings as the trading core reads them (SPEC §6), as plain
// strings. One definition of the columns serves the single read (getTraderSettings: a manual trade, a
// preview) and the batch statements (traderSettingsSql: the fan-out's users; traderSettingsOfSql:
// settlement's locked positions), so all see the same settings and only users/ names the table.
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
  moveSlToEntryAfterTp1: boolean;
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
  moveSlToEntryAfterTp1: (u) => `${u}.move_sl_to_entry_after_tp1`,
};

type TField = keyof TTraderSettings;
const ALL = Object.keys(COLUMNS) as TField[];

/** The select list of TTraderSettings (or of `fields`) over the users row `u` (the fan-out adds its own columns). */
export function traderSettingsSql(u: string, fields: readonly TField[] = ALL): string {
  return fields.map((field) => `${COLUMNS[field](u)} AS "${field}"`).join(", ");
}

/**
 * The settings of the user whose id is the SQL expression `userId`, as a one-row source for
 * `CROSS JOIN LATERAL … s` (columns `s."capitalUsdt"` …): a statement over many rows of another
 * table (positions locked FOR UPDATE OF p) reads their owners' settings in the same round trip.
 */
export function traderSettingsOfSql(userId: string, fields: readonly TField[]): string {
  return `(SELECT ${traderSettingsSql("u", fields)} FROM users u WHERE u.id = ${userId})`;
}

export async function getTraderSettings(userId: number): Promise<TTraderSettings> {
  const [row] = await db().$queryRawUnsafe<TTraderSettings[]>(`SELECT ${traderSettingsSql("u")} FROM users u WHERE u.id = $1`, userId);
  if (!row) throw notFound("User");
  return row;
}
