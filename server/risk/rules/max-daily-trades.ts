// At most max_daily_trades positions opened per UTC day.
import { ALLOW, block, type TRiskRule } from "./types";

export const maxDailyTradesRule: TRiskRule = {
  kind: "max_daily_trades",
  check: ({ limits, state }) =>
    state.todayTrades + 1 <= limits.maxDailyTrades ? ALLOW : block(`${state.todayTrades} trades opened today (limit ${limits.maxDailyTrades} per day)`),
};
