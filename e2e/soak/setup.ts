// The soak's cast, made through the API like any client would: the admin signs in, registers
// users of each plan (the admin upgrades some to VIP and PREMIUM), gives the PREMIUM ones a paper
// exchange connection and risk settings their trades fit, turns one auto-trader on, and publishes
// a first signal. Every call is counted like the rest; a failing one leaves that user as it is.
import type { Tally } from "./client";
import type { TRng } from "./prng";
import { type TPlan, type TState, type TUser, TRADER_RISK, tradeIdea } from "./state";

const CAST: TPlan[] = ["TRIAL", "TRIAL", "VIP", "VIP", "PREMIUM", "PREMIUM"];

export async function setUpCast(tally: Tally, rng: TRng, admin: { email: string; password: string }, secrets: TState["secrets"]): Promise<TState> {
  const login = await tally.send({ route: "POST /api/auth/login", path: "/api/auth/login", body: admin });
  if (login.status !== 200) throw new Error(`the admin could not log in through the API: ${login.status} ${login.text.slice(0, 300)}`);
  const adminUser: TUser = { id: login.json.user.id, ...admin, plan: "ADMIN", access: login.json.access_token, refresh: login.json.refresh_token, positions: [] };
  const s: TState = { admin: adminUser, users: [], signals: [], partners: [], pending: [], payments: [], secrets };
  const asAdmin = adminUser.access;

  for (const [i, plan] of CAST.entries()) {
    const tag = `${plan.toLowerCase()}${i}_${rng.hex(6)}`;
    const account = { username: `soak_${tag}`, email: `soak-${tag}@verzek.test`, password: `pw-${rng.hex(12)}` };
    const reg = await tally.send({ route: "POST /api/auth/register", path: "/api/auth/register", body: account });
    if (reg.status !== 201) continue;
    const user: TUser = { id: reg.json.user.id, email: account.email, password: account.password, plan: "TRIAL", access: reg.json.access_token, refresh: reg.json.refresh_token, positions: [] };
    s.users.push(user);
    if (plan === "TRIAL") continue;
    const up = await tally.send({ route: "PUT /api/users/:id/subscription", path: `/api/users/${user.id}/subscription`, token: asAdmin, body: { plan } });
    if (up.status === 200) user.plan = plan;
    if (user.plan !== "PREMIUM") continue;
    await tally.send({ route: "PUT /api/users/:id/exchanges", path: `/api/users/${user.id}/exchanges`, token: user.access, body: { provider: "binance_futures", mode: "paper", leverage_default: 5, margin_mode: "ISOLATED", hedge_mode: false } });
    await tally.send({ route: "PUT /api/users/:id/risk", path: `/api/users/${user.id}/risk`, token: user.access, body: TRADER_RISK });
    await tally.send({ route: "PUT /api/users/:id/strategy", path: `/api/users/${user.id}/strategy`, token: user.access, body: { auto_trade_enabled: i === CAST.length - 1 } });
  }
  const signal = await tally.send({ route: "POST /api/signals", path: "/api/signals", token: asAdmin, body: tradeIdea(rng) });
  if (signal.status === 201) s.signals.push(signal.json.signal.id);
  return s;
}
