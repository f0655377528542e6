// GET /api/admin/overview (seed row 4.1): what an operator looks at first — one aggregate pass per
// table with FILTER clauses, the four passes sent at once on separate pool connections (the
// answer takes the slowest pass, not their sum). The covering indexes of migration
// 20261204215148_admin_overview_indexes make the users and signals passes index-only
// scans; open positions go through their status index (bench/admin-analytics.ts measures it).
//
// What each figure counts (`now` = the moment of the request; "today" = since 00:00 UTC; "7 d" /
// "30 d" = the last 7 × 24 h / 30 × 24 h before now):
// - total_users: subscriber accounts (role USER, active or not); operators' own ADMIN accounts are
//   not customers and are counted apart in admin_users.
// - vip_users / premium_users / trial_users: subscribers by EFFECTIVE plan right now — a paid plan
//   whose expiry has passed counts as TRIAL even before the expiry sweep resets it (as effectivePlan).
// - subscriptions.<plan>.active: the same as vip_users / premium_users; expiring_7d: of those, the
//   ones whose plan_expires_at falls within the next 7 × 24 h.
// - signups.today / last_7d: subscriber accounts created in those windows.
// - total_payments: every payment submitted (PENDING, CONFIRMED, REJECTED); confirmed_payments:
//   CONFIRMED ones; pending / rejected likewise.
// - revenue_usdt: the sum of paid_amount of CONFIRMED payments by confirmed_at, exact decimals as
//   strings (nothing is ever refunded: a REJECTED payment was never revenue).
// - signals_sent: every signal stored (each one is published to the feed and the groups);
//   signals_today since 00:00 UTC; signals_open: not closed yet (OPEN or TP_PARTIAL).
// - auto_traders_enabled: users the auto-trader copies right now — effective PREMIUM, auto-trade
//   on, account active (the fan-out's eligibility rule, server/trading/auto-trade.ts).
// - open_copies: OPEN positions copied from a signal; open_positions: every OPEN position (manual
//   trades too); paper = PAPER mode, live = Binance testnet or mainnet.
// - kill_switch: the global halt (off when it was never switched).
import { db, Prisma } from "../db/client";
import { DAY_MS, utcDayStart } from "../risk/clock";
import { autoTraderSql } from "../users/auto-trader";

type TRow = {
  total_users: bigint;
  admin_users: bigint;
  vip_users: bigint;
  premium_users: bigint;
  vip_expiring_7d: bigint;
  premium_expiring_7d: bigint;
  signups_today: bigint;
  signups_7d: bigint;
  auto_traders: bigint;
  total_payments: bigint;
  confirmed_payments: bigint;
  pending_payments: bigint;
  rejected_payments: bigint;
  revenue_today: string;
  revenue_7d: string;
  revenue_30d: string;
  revenue_all: string;
  signals_sent: bigint;
  signals_today: bigint;
  signals_open: bigint;
  copies_paper: bigint;
  copies_live: bigint;
  positions_paper: bigint;
  positions_live: bigint;
  kill_switch: boolean | null;
  kill_reason: string | null;
  kill_changed_at: Date | null;
};

/** Exact USDT sum as a plain decimal string ("148.500001", "0"). */
const usdt = (s: string) => new Prisma.Decimal(s).toFixed();

export async function getAdminOverview(now = new Date()) {
  const today = utcDayStart(now);
  const week = new Date(now.getTime() - 7 * DAY_MS);
  const month = new Date(now.getTime() - 30 * DAY_MS);
  const weekAhead = new Date(now.getTime() + 7 * DAY_MS);
  const [[u], [p], [sg], [o]] = await Promise.all([
    db().$queryRaw<TRow[]>`
      SELECT
        count(*) FILTER (WHERE role = 'USER') AS total_users,
        count(*) FILTER (WHERE role = 'ADMIN') AS admin_users,
        count(*) FILTER (WHERE role = 'USER' AND plan = 'VIP' AND (plan_expires_at IS NULL OR plan_expires_at > ${now})) AS vip_users,
        count(*) FILTER (WHERE role = 'USER' AND plan = 'PREMIUM' AND (plan_expires_at IS NULL OR plan_expires_at > ${now})) AS premium_users,
        count(*) FILTER (WHERE role = 'USER' AND plan = 'VIP' AND plan_expires_at > ${now} AND plan_expires_at <= ${weekAhead}) AS vip_expiring_7d,
        count(*) FILTER (WHERE role = 'USER' AND plan = 'PREMIUM' AND plan_expires_at > ${now} AND plan_expires_at <= ${weekAhead}) AS premium_expiring_7d,
        count(*) FILTER (WHERE role = 'USER' AND created_at >= ${today}) AS signups_today,
        count(*) FILTER (WHERE role = 'USER' AND created_at >= ${week}) AS signups_7d,
        count(*) FILTER (WHERE ${Prisma.raw(autoTraderSql("users", `'${now.toISOString()}'::timestamptz`))}) AS auto_traders
      FROM users`,
    db().$queryRaw<TRow[]>`
      SELECT
        count(*) AS total_payments,
        count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed_payments,
        count(*) FILTER (WHERE status = 'PENDING') AS pending_payments,
        count(*) FILTER (WHERE status = 'REJECTED') AS rejected_payments,
        coalesce(sum(coalesce(paid_amount, expected_amount)) FILTER (WHERE status = 'CONFIRMED' AND confirmed_at >= ${today}), 0)::text AS revenue_today,
        coalesce(sum(coalesce(paid_amount, expected_amount)) FILTER (WHERE status = 'CONFIRMED' AND confirmed_at >= ${week}), 0)::text AS revenue_7d,
        coalesce(sum(coalesce(paid_amount, expected_amount)) FILTER (WHERE status = 'CONFIRMED' AND confirmed_at >= ${month}), 0)::text AS revenue_30d,
        coalesce(sum(coalesce(paid_amount, expected_amount)) FILTER (WHERE status = 'CONFIRMED'), 0)::text AS revenue_all
      FROM payments`,
    db().$queryRaw<TRow[]>`
      SELECT
        count(*) AS signals_sent,
        count(*) FILTER (WHERE created_at >= ${today}) AS signals_today,
        count(*) FILTER (WHERE status IN ('OPEN', 'TP_PARTIAL')) AS signals_open
      FROM signals`,
    db().$queryRaw<TRow[]>`
      SELECT o.*, k.kill_switch, k.reason AS kill_reason, k.changed_at AS kill_changed_at
      FROM (SELECT
        count(*) FILTER (WHERE mode = 'PAPER' AND signal_id IS NOT NULL) AS copies_paper,
        count(*) FILTER (WHERE mode <> 'PAPER' AND signal_id IS NOT NULL) AS copies_live,
        count(*) FILTER (WHERE mode = 'PAPER') AS positions_paper,
        count(*) FILTER (WHERE mode <> 'PAPER') AS positions_live
      FROM positions WHERE status = 'OPEN') o LEFT JOIN safety_state k ON k.id = 1`,
  ]);
  const row = u && p && sg && o ? { ...u, ...p, ...sg, ...o } : undefined;
  if (!row) throw new Error("the overview query returned no row");
  const n = Number;
  const totalUsers = n(row.total_users);
  const vip = n(row.vip_users);
  const premium = n(row.premium_users);
  return {
    as_of: now.toISOString(),
    total_users: totalUsers,
    vip_users: vip,
    premium_users: premium,
    trial_users: totalUsers - vip - premium,
    admin_users: n(row.admin_users),
    total_payments: n(row.total_payments),
    confirmed_payments: n(row.confirmed_payments),
    pending_payments: n(row.pending_payments),
    rejected_payments: n(row.rejected_payments),
    signals_sent: n(row.signals_sent),
    signals_today: n(row.signals_today),
    signals_open: n(row.signals_open),
    revenue_usdt: { today: usdt(row.revenue_today), last_7d: usdt(row.revenue_7d), last_30d: usdt(row.revenue_30d), all_time: usdt(row.revenue_all) },
    subscriptions: {
      VIP: { active: vip, expiring_7d: n(row.vip_expiring_7d) },
      PREMIUM: { active: premium, expiring_7d: n(row.premium_expiring_7d) },
    },
    signups: { today: n(row.signups_today), last_7d: n(row.signups_7d) },
    auto_traders_enabled: n(row.auto_traders),
    open_copies: { paper: n(row.copies_paper), live: n(row.copies_live) },
    open_positions: { paper: n(row.positions_paper), live: n(row.positions_live) },
    kill_switch: { on: row.kill_switch ?? false, reason: row.kill_reason, changed_at: row.kill_changed_at?.toISOString() ?? null },
  };
}
export type TAdminOverview = Awaited<ReturnType<typeof getAdminOverview>>;
