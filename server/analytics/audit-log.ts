// The audit log (dashboard screen 11): every admin action — who, when, what, and the state before
// and after where the action recorded them — newest first, filtered and paged in the database.
import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { likeLiteral } from "../db/like-literal";

/** The actions the services write today (the filter's choices; the server takes any action name). */
export const AUDIT_ACTIONS = [
  "user.subscription.update",
  "payment.verify",
  "payment.reject",
  "partner.create",
  "partner.update",
  "partner.delete",
  "safety.kill_switch.on",
  "safety.kill_switch.off",
  "membership.remove",
  "review.dismiss",
  "review.signal",
  "telegram.resend",
  "position.close",
  "live.commission_non_usdt",
] as const;

const text = (max: number) => z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });

export const ZAuditQuery = z.strictObject({
  action: text(64).optional(),
  /** Part of the acting admin's email. */
  actor: text(100).optional(),
  /** What was acted on, exactly as recorded: user:12, payment:<uuid>, outbox:7… */
  target: text(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
  page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(25),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

const SELECT = { id: true, action: true, target: true, details: true, createdAt: true, actor: { select: { id: true, email: true } } } as const;

/** `before` and `after` where the action kept them; the rest of the details beside them. */
function split(details: Prisma.JsonValue) {
  if (details === null || typeof details !== "object" || Array.isArray(details)) return { before: null, after: null, details };
  const { before = null, after = null, ...rest } = details as Record<string, Prisma.JsonValue>;
  return { before, after, details: rest };
}

export async function listAuditEvents(query: TAuditQuery) {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? { action: query.action } : {}),
    ...(query.target ? { target: query.target } : {}),
    ...(query.actor ? { actor: { email: { contains: likeLiteral(query.actor.toLowerCase()) } } } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
  };
  const [rows, total] = await db().$transaction([
    db().auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.per_page, take: query.per_page, select: SELECT }),
    db().auditEvent.count({ where }),
  ]);
  return {
    events: rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actor ? { id: r.actor.id, email: r.actor.email } : null,
      target: r.target,
      created_at: r.createdAt.toISOString(),
      ...split(r.details),
    })),
    actions: AUDIT_ACTIONS,
    page: query.page,
    per_page: query.per_page,
    total,
  };
}
