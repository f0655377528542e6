// Wire shapes of the account screens' routes (server/users/settings-groups.ts, position-dto.ts,
// risk/safety.ts), for the fake platform.
import type { TPlan, TPosition, TSafetyWidget, TSettings } from "../src/api/schemas";
import { makeUser } from "./fake-platform";

export const meRoute = (plan: TPlan = "PREMIUM", over: Parameters<typeof makeUser>[0] = {}) => ({
  "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser({ plan, plan_expires_at: plan === "TRIAL" ? null : "2027-01-03T10:00:00.000Z", ...over }) } }),
});

export const GENERAL: TSettings = { username: "alice", telegram_handle: null, notify_signals: true, notify_trades: true, notify_payments: true };
export const RISK: TSettings = {
  capital_usdt: "1000",
  per_trade_usdt: "50",
  leverage: 10,
  max_concurrent_trades: 5,
  max_daily_trades: 20,
  max_account_exposure_pct: "50",
  per_symbol_limit: 1,
  cooldown_minutes: 0,
  daily_loss_limit_pct: "10",
  reduce_to_fit_exposure: false,
  sizing_mode: "FIXED",
  risk_per_trade_pct: "1",
};
export const STRATEGY: TSettings = { auto_trade_enabled: false, tp_split: [], move_sl_to_entry_after_tp1: true, trailing_stop_enabled: false, trailing_stop_pct: "1", trailing_stop_after_tp: 1, allowed_trade_types: ["FUTURES"] };
export const DCA: TSettings = { enabled: false, steps: 0, step_pct: "2", size_multiplier: "1" };

export function safety(over: Partial<TSafetyWidget> = {}): TSafetyWidget {
  return { kill_switch: false, today_dd_pct: "1.25", today_trades: 3, blocks: 0, max_dd_limit: 35, timestamp: "2026-12-04T12:00:00.000Z", ...over };
}

let positionSeq = 0;
export function makePosition(over: Partial<TPosition> = {}): TPosition {
  positionSeq += 1;
  return {
    id: `10000000-0000-4000-8000-${String(positionSeq).padStart(12, "0")}`,
    signal_id: null,
    symbol: "BTCUSDT",
    direction: "LONG",
    mode: "paper",
    status: "OPEN",
    partial: false,
    leverage: 10,
    entry_price: "68510.5",
    qty: "0.007",
    remaining_qty: "0.007",
    margin: "47.9573",
    stop_loss: "68000",
    targets: ["69000", "69500"],
    targets_hit: 0,
    realized_pnl: "0",
    pnl_pct: "0",
    fees: "0.19",
    mark_price: "68600",
    unrealized_pnl: "0.62",
    close_reason: null,
    failure_reason: null,
    receipt: { signal_entry_price: "68500", entry_ack_at: "2026-12-04T12:00:00.420Z", signal_to_entry_ms: 420, slippage_pct: "0.0153" },
    opened_at: "2026-12-04T12:00:00.000Z",
    closed_at: null,
    ...over,
  };
}
