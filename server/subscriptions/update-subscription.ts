// The subscription group: anyone may read their own; only an admin changes plan, expiry or role.
import { z } from "zod";
import { db } from "../db/client";
import { invalidInput } from "../errors";
import { syncVipAccess } from "../membership/access";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { effectivePlan } from "../users/plan";
import { PLAN_DAYS } from "./plans";

export const ZSubscriptionUpdate = z.strictObject(
  {
    plan: z.enum(["TRIAL", "VIP", "PREMIUM"], { error: "must be TRIAL, VIP or PREMIUM" }).optional(),
    plan_expires_at: z.union([z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }), z.null()]).optional(),
    role: z.enum(["USER", "ADMIN"], { error: "must be USER or ADMIN" }).optional(),
    /** Why the operator changed it; kept in the audit event. The dashboard always asks for one. */
    reason: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(500, "must be at most 500 characters").optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);

const SELECT = { plan: true, planExpiresAt: true, role: true } as const;

function toWire(row: { plan: "TRIAL" | "VIP" | "PREMIUM"; planExpiresAt: Date | null; role: "USER" | "ADMIN" }) {
  return {
    plan: row.plan,
    effective_plan: effectivePlan(row),
    plan_expires_at: row.planExpiresAt?.toISOString() ?? null,
    role: row.role,
  };
}

export async function getSubscription(userId: number) {
  return toWire(await db().user.findUniqueOrThrow({ where: { id: userId }, select: SELECT }));
}

/** Admin upgrade/downgrade (VIP group access follows in the same transaction). A paid plan without an explicit expiry runs PLAN_DAYS from now. */
export async function updateSubscription(actorId: number, userId: number, input: unknown) {
  const body = ZSubscriptionUpdate.parse(input);
  if (actorId === userId && body.role === "USER") throw invalidInput("role", "an admin cannot remove their own admin role");
  const expiresAt = body.plan_expires_at === undefined ? undefined : body.plan_expires_at === null ? null : new Date(body.plan_expires_at);
  if (expiresAt && expiresAt <= new Date()) throw invalidInput("plan_expires_at", "must be in the future");
  if (body.plan === undefined && body.plan_expires_at === undefined && body.role === undefined) {
    throw invalidInput("body", "name at least one of plan, plan_expires_at, role");
  }

  const data: { plan?: "TRIAL" | "VIP" | "PREMIUM"; planExpiresAt?: Date | null; role?: "USER" | "ADMIN" } = {};
  if (body.role) data.role = body.role;
  if (body.plan) {
    data.plan = body.plan;
    data.planExpiresAt = body.plan === "TRIAL" ? null : (expiresAt ?? new Date(Date.now() + PLAN_DAYS * 86_400_000));
  } else if (expiresAt !== undefined) {
    data.planExpiresAt = expiresAt;
  }
  const updated = await db().$transaction(async (tx) => {
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: SELECT });
    if ((data.plan ?? current.plan) !== "TRIAL" && data.planExpiresAt === null) {
      throw invalidInput("plan_expires_at", "a paid plan needs an expiry; set plan TRIAL to end it");
    }
    const row = await tx.user.update({ where: { id: userId }, data, select: SELECT });
    await tx.auditEvent.create({
      data: { actorId, action: "user.subscription.update", target: `user:${userId}`, details: { ...body, before: toWire(current), after: toWire(row) } },
    });
    // An upgrade DMs the VIP invite, a downgrade queues the removal from the group.
    await syncVipAccess(tx, [userId]);
    return toWire(row);
  });
  // The invite or removal goes out now, not at the next minute's sweep; the dashboard's plan counts follow.
  await Promise.all([nudgeOutbox(), announceChange("payments")]);
  return updated;
}
