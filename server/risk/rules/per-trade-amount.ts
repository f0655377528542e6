// One trade's amount (its margin, what per_trade_usdt sizes) never exceeds the capital.
import { dec } from "../../decimal";
import { ALLOW, block, type TRiskRule } from "./types";

export const perTradeAmountRule: TRiskRule = {
  kind: "per_trade_amount",
  check: ({ limits, trade }) =>
    dec(trade.marginUsdt).lte(limits.capitalUsdt) ? ALLOW : block(`trade amount ${trade.marginUsdt} USDT exceeds the capital of ${limits.capitalUsdt} USDT`),
};
