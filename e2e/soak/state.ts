// What the soak knows about the platform it drives: the admin, the users it registered (and their
// plans and tokens), and the ids the API gave back (signals, positions, payments, partners), so
// that later calls name real things. Also the shapes of the valid bodies it sends.
import type { TCall } from "./client";
import type { TRng } from "./prng";

export type TPlan = "TRIAL" | "VIP" | "PREMIUM";

export type TUser = {
  id: number;
  email: string;
  password: string;
  plan: TPlan | "ADMIN";
  access: string;
  refresh: string;
  /** Open positions this user opened (ids), closed by later calls. */
  positions: string[];
};

export type TState = {
  admin: TUser;
  users: TUser[];
  signals: string[];
  partners: number[];
  /** Payments waiting for the admin's verify or reject. */
  pending: { txHash: string; id: string; owner: TUser }[];
  payments: { id: string; owner: TUser }[];
  secrets: { webhook: string; telegram: string; channelId: string };
};

/** A call plus the user it is made as, so that its answer can be filed under that user. */
export type TSoakCall = Omit<TCall, "route"> & { actor?: TUser };

export type TEntry = {
  route: string;
  /** Kept out of concurrent bursts: refresh tokens rotate, and a token used twice revokes its family. */
  solo?: boolean;
  make: (s: TState, r: TRng) => TSoakCall;
  /** A wrong request for this route; by default the same call without its token, or with JSON that does not parse. */
  bad?: (s: TState, r: TRng) => TSoakCall;
  after?: (s: TState, answer: { status: number; json: any }, call: TSoakCall) => void;
};

export function someone(s: TState, r: TRng, plans: readonly (TPlan | "ADMIN")[] = ["TRIAL", "VIP", "PREMIUM", "ADMIN"]): TUser {
  const fits = [...s.users, s.admin].filter((u) => plans.includes(u.plan));
  return fits.length > 0 ? r.pick(fits) : s.admin;
}

export const uuid = (r: TRng) => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}`;

/** The default wrong request: no token where one is needed, else a body that is not JSON. */
export function spoil(call: TSoakCall): TSoakCall {
  if (call.token !== undefined) return { ...call, token: undefined, invalid: true };
  if (call.body !== undefined || call.raw !== undefined) return { ...call, body: undefined, raw: "{not json", invalid: true };
  return call; // a public route without input (ping, plans): there is no wrong way to call it
}

// Prices around the fake Binance's (test/fakes/binance.ts), in the order each direction needs.
const MARKETS = [
  { symbol: "BTCUSDT", price: 60_000 },
  { symbol: "ETHUSDT", price: 3_000 },
  { symbol: "SOLUSDT", price: 150 },
] as const;

export function tradeIdea(r: TRng) {
  const { symbol, price } = r.pick(MARKETS);
  const long = r.chance(0.5);
  const at = (pct: number) => String(+(price * (1 + (long ? pct : -pct) / 100)).toFixed(2));
  return { symbol, direction: long ? "LONG" : "SHORT", entry: String(price), targets: [at(1), at(2)], stop_loss: at(-1.5) };
}

/** Settings that let the soak's paper trades through the risk rules (sizes above the minimum notional). */
export const TRADER_RISK = {
  capital_usdt: "100000",
  per_trade_usdt: "150",
  leverage: 5,
  max_concurrent_trades: 50,
  max_daily_trades: 500,
  per_symbol_limit: 50,
  cooldown_minutes: 0,
  max_account_exposure_pct: "100",
  daily_loss_limit_pct: "50",
};
