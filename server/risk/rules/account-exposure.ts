// Total exposure (margin of the open positions plus this trade) ≤ capital × max_account_exposure_pct %.
// Past it: the quantity is reduced to fit when the user allows it (reduce_to_fit_exposure), else blocked.
import { D, dec, str } from "../../decimal";
import { ALLOW, block, type TRiskRule } from "./types";

export const accountExposureRule: TRiskRule = {
  kind: "max_account_exposure",
  check: ({ limits, state, trade }) => {
    const cap = dec(limits.capitalUsdt).mul(limits.maxAccountExposurePct).div(100);
    const room = cap.sub(state.openMarginUsdt);
    const margin = dec(trade.marginUsdt);
    if (margin.lte(room)) return ALLOW;
    const why = `exposure ${str(dec(state.openMarginUsdt).add(margin))} USDT would exceed ${str(cap)} USDT (${limits.maxAccountExposurePct}% of capital)`;
    if (!limits.reduceToFitExposure || room.lte(0) || margin.isZero()) return block(why);
    const qty = dec(trade.qty).mul(room).div(margin).toDecimalPlaces(12, D.ROUND_DOWN);
    return qty.gt(0) ? { allowed: true, reason: null, qty: str(qty) } : block(why);
  },
};
