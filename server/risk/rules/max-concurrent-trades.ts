// At most max_concurrent_trades positions open at once.
import { ALLOW, block, type TRiskRule } from "./types";

export const maxConcurrentTradesRule: TRiskRule = {
  kind: "max_concurrent_trades",
  check: ({ limits, state }) =>
    state.openTrades + 1 <= limits.maxConcurrentTrades ? ALLOW : block(`${state.openTrades} trades already open (limit ${limits.maxConcurrentTrades})`),
};
