// A user's page in the dashboard (screen 4), beyond the profile: the settings groups and the
// exchange connection through the same services as GET /api/users/:id/<group> and GET
// /api/exchanges/me (mode and when it was validated, never the keys); and the user's positions,
// payments, risk events and notifications, newest first, paged in the database.
import { z } from "zod";
import { db } from "../db/client";
import { notFound } from "../errors";
import { getExchangeConnection } from "../exchange-connections/exchange-connection";
import { PAYMENT_SELECT, toPaymentDto } from "../payments/payment-dto";
import { POSITION_SELECT, toPositionDtos } from "../trading/position-dto";
import { getSettings } from "../users/settings";
import { SETTINGS_GROUP_NAMES, type TSettingsGroup } from "../users/settings-groups";

export const ZUserId = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647, "is too large");
export const ZUserActivityQuery = z.strictObject({
  id: ZUserId,
  page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(10),
});
export type TUserActivityQuery = z.infer<typeof ZUserActivityQuery>;

async function requireUser(id: number): Promise<void> {
  if (!(await db().user.findUnique({ where: { id }, select: { id: true } }))) throw notFound("User");
}

export async function getUserSetup(id: number) {
  await requireUser(id);
  const [groups, exchange] = await Promise.all([
    Promise.all(SETTINGS_GROUP_NAMES.map(async (g) => [g, await getSettings(id, g)] as const)),
    getExchangeConnection(id),
  ]);
  return { settings: Object.fromEntries(groups) as Record<TSettingsGroup, Record<string, unknown>>, exchange };
}

const paging = (q: TUserActivityQuery) => ({ skip: (q.page - 1) * q.per_page, take: q.per_page });
const pageOf = <T>(q: TUserActivityQuery, rows: T[], total: number) => ({ rows, page: q.page, per_page: q.per_page, total });

export async function listUserPositionsForAdmin(q: TUserActivityQuery) {
  await requireUser(q.id);
  const where = { userId: q.id };
  const [rows, total] = await db().$transaction([
    db().position.findMany({ where, select: POSITION_SELECT, orderBy: [{ openedAt: "desc" }, { id: "desc" }], ...paging(q) }),
    db().position.count({ where }),
  ]);
  return pageOf(q, await toPositionDtos(rows), total);
}

export async function listUserPaymentsForAdmin(q: TUserActivityQuery) {
  await requireUser(q.id);
  const where = { userId: q.id };
  const [rows, total] = await db().$transaction([
    db().payment.findMany({ where, select: PAYMENT_SELECT, orderBy: { createdAt: "desc" }, ...paging(q) }),
    db().payment.count({ where }),
  ]);
  return pageOf(q, rows.map(toPaymentDto), total);
}

export async function listUserRiskEventsForAdmin(q: TUserActivityQuery) {
  await requireUser(q.id);
  const where = { userId: q.id };
  const [rows, total] = await db().$transaction([
    db().riskEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, kind: true, rule: true, symbol: true, reason: true, createdAt: true }, ...paging(q) }),
    db().riskEvent.count({ where }),
  ]);
  return pageOf(q, rows.map((e) => ({ id: e.id, kind: e.kind, rule: e.rule, symbol: e.symbol, reason: e.reason, created_at: e.createdAt.toISOString() })), total);
}

export async function listUserNotificationsForAdmin(q: TUserActivityQuery) {
  await requireUser(q.id);
  const where = { userId: q.id };
  const [rows, total] = await db().$transaction([
    db().userNotification.findMany({ where, orderBy: { id: "desc" }, select: { id: true, kind: true, title: true, body: true, readAt: true, createdAt: true }, ...paging(q) }),
    db().userNotification.count({ where }),
  ]);
  return pageOf(q, rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, read_at: n.readAt?.toISOString() ?? null, created_at: n.createdAt.toISOString() })), total);
}
