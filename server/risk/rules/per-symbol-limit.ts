// At most per_symbol_limit positions open on one symbol.
import { ALLOW, block, type TRiskRule } from "./types";

export const perSymbolLimitRule: TRiskRule = {
  kind: "per_symbol_limit",
  check: ({ limits, state, trade }) =>
    state.openOnSymbol + 1 <= limits.perSymbolLimit ? ALLOW : block(`${state.openOnSymbol} ${trade.symbol} trades already open (limit ${limits.perSymbolLimit} per symbol)`),
};
