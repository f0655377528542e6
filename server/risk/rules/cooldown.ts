// After a losing close, no new trade for cooldown_minutes (exactly at the end it is allowed again).
import { ALLOW, block, type TRiskRule } from "./types";

export const cooldownRule: TRiskRule = {
  kind: "cooldown",
  check: ({ limits, state, now }) => {
    if (!state.lastLossAt || limits.cooldownMinutes <= 0) return ALLOW;
    const until = state.lastLossAt.getTime() + limits.cooldownMinutes * 60_000;
    return now.getTime() >= until ? ALLOW : block(`cooling down after a losing trade until ${new Date(until).toISOString()} (${limits.cooldownMinutes} min)`);
  },
};
