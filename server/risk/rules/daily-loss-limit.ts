// Today's realized P&L at or below −daily_loss_limit_pct % of capital blocks the user until 00:00 UTC.
import { dec } from "../../decimal";
import { ALLOW, block, type TRiskRule } from "./types";

export const dailyLossLimitRule: TRiskRule = {
  kind: "daily_loss_limit",
  check: ({ limits, state }) =>
    dec(state.todayRealizedPct).lte(dec(limits.dailyLossLimitPct).neg())
      ? block(`daily loss limit of ${limits.dailyLossLimitPct}% reached (today ${state.todayRealizedPct}%)`)
      : ALLOW,
};
