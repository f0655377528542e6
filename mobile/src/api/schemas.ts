// The platform's REST responses (README "The API so far", server/*/…-dto.ts), checked at the
// boundary: a response of the wrong shape is an error, never an undefined deep in a screen.
import { z } from "zod";

export const ZPlan = z.enum(["TRIAL", "VIP", "PREMIUM"]);
export type TPlan = z.infer<typeof ZPlan>;

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  role: z.enum(["USER", "ADMIN"]),
  plan: ZPlan,
  plan_expires_at: z.string().nullable(),
  is_active: z.boolean(),
  telegram_handle: z.string().nullable(),
  created_at: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZSession = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  user: ZUser,
});
export type TSession = z.infer<typeof ZSession>;

export const ZTokenPair = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1) });

export const ZMe = z.object({ user: ZUser });

export const ZSignalStatus = z.enum(["OPEN", "TP_PARTIAL", "HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"]);
export type TSignalStatus = z.infer<typeof ZSignalStatus>;

/** A signal as the viewer may see it: a TRIAL viewer gets `locked: true` and no prices until `unlocks_at`. */
export const ZSignal = z.object({
  id: z.string(),
  symbol: z.string(),
  direction: z.enum(["LONG", "SHORT"]),
  entry: z.string().nullable(),
  entry_low: z.string().nullable(),
  entry_high: z.string().nullable(),
  targets: z.array(z.string()).nullable(),
  stop_loss: z.string().nullable(),
  leverage: z.number().int(),
  confidence: z.number().nullable(),
  trade_type: z.string(),
  duration: z.string(),
  source: z.string(),
  status: ZSignalStatus,
  outcome: z.enum(["WIN", "LOSS", "BREAKEVEN"]).nullable(),
  targets_count: z.number().int(),
  targets_hit: z.number().int(),
  realized_profit_pct: z.string(),
  locked: z.boolean(),
  unlocks_at: z.string().nullable(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
export type TSignal = z.infer<typeof ZSignal>;

export const ZSignalEvent = z.object({
  id: z.string(),
  signal_id: z.string(),
  type: z.string(),
  target: z.number().int().nullable(),
  price: z.string().nullable(),
  profit_pct: z.string().nullable(),
  created_at: z.string(),
});
export type TSignalEvent = z.infer<typeof ZSignalEvent>;

export const ZSignalPage = z.object({ signals: z.array(ZSignal), next_cursor: z.string().nullable() });
export type TSignalPage = z.infer<typeof ZSignalPage>;

export const ZSignalDetail = z.object({ signal: ZSignal, events: z.array(ZSignalEvent) });
export type TSignalDetail = z.infer<typeof ZSignalDetail>;

/** GET /api/users/:id/subscription. `effective_plan` is TRIAL once a paid plan has expired. */
export const ZSubscription = z.object({
  plan: ZPlan,
  effective_plan: ZPlan,
  plan_expires_at: z.string().nullable(),
  role: z.enum(["USER", "ADMIN"]),
});
export type TSubscription = z.infer<typeof ZSubscription>;

/** A settings group (general, risk, strategy, dca): decimals as strings, lists as arrays. */
export const ZSettingValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type TSettingValue = z.infer<typeof ZSettingValue>;
export const ZSettings = z.record(z.string(), ZSettingValue);
export type TSettings = z.infer<typeof ZSettings>;

export const ZExchangeMode = z.enum(["paper", "binance_testnet", "binance_mainnet"]);
export type TExchangeMode = z.infer<typeof ZExchangeMode>;

/** GET /api/exchanges/me: the keys never come back, only whether they are set. */
export const ZExchangeConnection = z.union([
  z.object({ connected: z.literal(false) }),
  z.object({
    connected: z.literal(true),
    provider: z.string(),
    mode: ZExchangeMode,
    has_api_key: z.boolean(),
    leverage_default: z.number().int(),
    margin_mode: z.enum(["ISOLATED", "CROSSED"]),
    hedge_mode: z.boolean(),
    validated_at: z.string().nullable(),
    updated_at: z.string(),
  }),
]);
export type TExchangeConnection = z.infer<typeof ZExchangeConnection>;

export const ZExchangeValidation = z.object({
  valid: z.literal(true),
  mode: ZExchangeMode,
  validated_at: z.string(),
  balance: z.object({ currency: z.string(), total_usdt: z.string(), free_usdt: z.string() }),
  live_trading: z.boolean(),
  live_trading_note: z.string().optional(),
});
export type TExchangeValidation = z.infer<typeof ZExchangeValidation>;

export const ZExchangeRemoval = z.object({ message: z.string(), deleted: z.boolean(), open_live_positions: z.number().int() });
export type TExchangeRemoval = z.infer<typeof ZExchangeRemoval>;

/** POST /api/trade/preview: the trade's numbers and each check's decision, nothing executed. */
export const ZTradePreview = z.object({
  symbol: z.string(),
  direction: z.enum(["LONG", "SHORT"]),
  signal_id: z.string().nullable(),
  mode: ZExchangeMode,
  live: z.boolean(),
  entry_price: z.string(),
  price_source: z.string(),
  price_note: z.string().optional(),
  leverage: z.number().int(),
  allowed: z.boolean(),
  warnings: z.array(z.string()),
  qty: z.string(),
  notional: z.string().nullable(),
  margin: z.string().nullable(),
  risk_to_sl: z.object({ stop_loss: z.string(), loss_usdt: z.string(), loss_pct_of_margin: z.string(), price_move_pct: z.string() }).nullable(),
  targets: z.array(z.object({ index: z.number().int(), price: z.string(), qty: z.string(), pnl_usdt: z.string(), pnl_pct_of_margin: z.string() })),
  checks: z.object({
    size: z.object({ ok: z.boolean(), code: z.string().nullable(), reason: z.string().nullable() }),
    risk: z.object({ allowed: z.boolean(), reason: z.string().nullable(), kind: z.string().nullable() }).nullable(),
  }),
});
export type TTradePreview = z.infer<typeof ZTradePreview>;

export const ZOrder = z.object({
  id: z.string(),
  kind: z.string(),
  side: z.string(),
  type: z.string(),
  target_index: z.number().int().nullable(),
  qty: z.string(),
  price: z.string().nullable(),
  trigger_price: z.string().nullable(),
  status: z.string(),
  filled_qty: z.string(),
  avg_price: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
});
export type TOrder = z.infer<typeof ZOrder>;

/** A copy of a signal (or a manual trade) with its execution receipt. */
export const ZPosition = z.object({
  id: z.string(),
  signal_id: z.string().nullable(),
  symbol: z.string(),
  direction: z.enum(["LONG", "SHORT"]),
  mode: z.string(),
  status: z.string(),
  partial: z.boolean(),
  leverage: z.number().int(),
  entry_price: z.string().nullable(),
  qty: z.string(),
  remaining_qty: z.string(),
  margin: z.string(),
  stop_loss: z.string().nullable(),
  targets: z.array(z.string()),
  targets_hit: z.number().int(),
  realized_pnl: z.string(),
  pnl_pct: z.string(),
  fees: z.string(),
  mark_price: z.string().nullable(),
  unrealized_pnl: z.string().nullable(),
  close_reason: z.string().nullable(),
  failure_reason: z.string().nullable(),
  receipt: z.object({
    signal_entry_price: z.string().nullable(),
    entry_ack_at: z.string().nullable(),
    signal_to_entry_ms: z.number().int().nullable(),
    slippage_pct: z.string().nullable(),
  }),
  opened_at: z.string(),
  closed_at: z.string().nullable(),
});
export type TPosition = z.infer<typeof ZPosition>;

export const ZTradeResult = z.object({
  message: z.string(),
  executed: z.boolean(),
  outcome: z.string(),
  mode: ZExchangeMode,
  live: z.boolean(),
  reason: z.string().nullable(),
  warnings: z.array(z.string()),
  position: ZPosition.nullable(),
});
export type TTradeResult = z.infer<typeof ZTradeResult>;

export const ZPositionPage = z.object({ positions: z.array(ZPosition), total: z.number().int() });
export const ZPositionHistory = z.object({
  positions: z.array(ZPosition),
  total: z.number().int(),
  totals: z.object({ trades: z.number().int(), wins: z.number().int(), losses: z.number().int(), win_rate_pct: z.string().or(z.number()).nullable(), realized_pnl: z.string(), fees: z.string() }),
});
export type TPositionHistory = z.infer<typeof ZPositionHistory>;
export const ZPositionDetail = z.object({ position: ZPosition.extend({ orders: z.array(ZOrder) }) });
export type TPositionDetail = z.infer<typeof ZPositionDetail>;
export const ZCloseResult = z.object({
  message: z.string(),
  close: z.object({ price: z.string(), realized_pnl: z.string(), pnl_pct: z.string() }),
  position: ZPosition,
});
export type TCloseResult = z.infer<typeof ZCloseResult>;

/** GET /api/risk/limits/me: the risk group plus where the user stands today. */
export const ZRiskLimits = z
  .object({
    current: z.object({
      open_trades: z.number().int(),
      exposure_usdt: z.string(),
      today_trades: z.number().int(),
      today_pnl_usdt: z.string(),
      today_pnl_pct: z.string(),
      last_loss_at: z.string().nullable(),
    }),
  })
  .catchall(ZSettingValue);
export type TRiskLimits = z.infer<typeof ZRiskLimits>;

/** GET /api/safety/widget: platform-wide, no token needed. */
export const ZSafetyWidget = z.object({
  kill_switch: z.boolean(),
  today_dd_pct: z.union([z.string(), z.number()]),
  today_trades: z.number().int(),
  blocks: z.number().int(),
  max_dd_limit: z.union([z.string(), z.number()]),
  timestamp: z.string(),
});
export type TSafetyWidget = z.infer<typeof ZSafetyWidget>;

/** GET /api/plans: the paid plans and where to pay. */
export const ZPlans = z.object({
  plans: z.array(z.object({ plan: z.enum(["VIP", "PREMIUM"]), price_usdt: z.string(), days: z.number().int(), features: z.array(z.string()) })),
  currency: z.string(),
  network: z.string(),
  address: z.string().nullable(),
});
export type TPlans = z.infer<typeof ZPlans>;

/** POST /api/payments/usdt/invoice and GET …/invoice/:id: a unique amount that tells whose transfer it is. */
export const ZInvoice = z.object({
  invoice_id: z.string(),
  plan: z.enum(["VIP", "PREMIUM"]),
  price: z.string(),
  amount: z.string(),
  address: z.string(),
  network: z.string(),
  currency: z.string(),
  state: z.enum(["OPEN", "GRACE", "PAID", "EXPIRED", "ACTIVATED"]),
  reason: z.string().nullable(),
  expires_at: z.string(),
  grace_until: z.string(),
  paid_amount: z.string().nullable(),
  valid_till: z.string().nullable(),
  /** The address as a QR code (SVG), sent when the invoice is opened. */
  qr: z.string().optional(),
});
export type TInvoice = z.infer<typeof ZInvoice>;

/** POST /api/devices: the phone's Expo push token, registered for the signed-in user. */
export const ZDevice = z.object({ device: z.object({ token: z.string(), platform: z.string().nullable() }) });

/** GET /api/notifications/me: the user's own notifications, newest first. */
export const ZNotification = z.object({ id: z.number().int(), kind: z.string(), title: z.string(), body: z.string(), read_at: z.string().nullable(), created_at: z.string() });
export type TNotification = z.infer<typeof ZNotification>;
export const ZNotifications = z.object({ unread: z.number().int(), notifications: z.array(ZNotification) });
export type TNotifications = z.infer<typeof ZNotifications>;

/** POST /api/membership/telegram/link and GET /api/membership/me (the "Connect Telegram" deep link). */
export const ZTelegramLink = z.object({ url: z.string(), expires_at: z.string() });
export const ZMembership = z.object({ telegram_linked: z.boolean(), telegram_username: z.string().nullable() });
export type TMembership = z.infer<typeof ZMembership>;

/** GET /api/admin/overview (admins): the operator's first look. */
export const ZAdminOverview = z.object({
  as_of: z.string(),
  total_users: z.number().int(),
  vip_users: z.number().int(),
  premium_users: z.number().int(),
  trial_users: z.number().int(),
  pending_payments: z.number().int(),
  confirmed_payments: z.number().int(),
  signals_sent: z.number().int(),
  signals_today: z.number().int(),
  signals_open: z.number().int(),
  revenue_usdt: z.object({ today: z.string(), last_7d: z.string(), last_30d: z.string(), all_time: z.string() }),
  signups: z.object({ today: z.number().int(), last_7d: z.number().int() }),
  auto_traders_enabled: z.number().int(),
  open_positions: z.object({ paper: z.number().int(), live: z.number().int() }),
  kill_switch: z.object({ on: z.boolean(), reason: z.string().nullable(), changed_at: z.string().nullable() }),
});
export type TAdminOverview = z.infer<typeof ZAdminOverview>;

const ZStatsRow = z.object({
  signals: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  win_rate_pct: z.union([z.string(), z.number()]).nullable(),
  avg_profit_pct: z.string().nullable(),
  total_profit_pct: z.string(),
});
/** GET /api/admin/signal-stats?days= (admins). */
export const ZSignalStats = z.object({ days: z.number().int(), overall: ZStatsRow, per_symbol: z.array(ZStatsRow.extend({ symbol: z.string() })) });
export type TSignalStats = z.infer<typeof ZSignalStats>;

/** GET /api/admin/partners (admins). */
export const ZPartner = z.object({
  id: z.number().int(),
  name: z.string(),
  referral_code: z.string(),
  telegram_handle: z.string().nullable(),
  total_referrals: z.number().int(),
  paid_referrals: z.number().int(),
  earnings: z.string(),
});
export type TPartner = z.infer<typeof ZPartner>;
export const ZPartnerPage = z.object({ partners: z.array(ZPartner), total: z.number().int() });
