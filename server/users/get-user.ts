// One user for the dashboard's user page: the profile, the plan in force now, and the latest
// admin changes made to the account (the audit trail of plan and role changes).
import { db } from "../db/client";
import { notFound } from "../errors";
import { effectivePlan } from "../users/plan";
import { toUserDto, USER_DTO_SELECT } from "./user-dto";

export async function getUserForAdmin(id: number) {
  const [row, audits] = await Promise.all([
    db().user.findUnique({ where: { id }, select: USER_DTO_SELECT }),
    db().auditEvent.findMany({
      where: { target: `user:${id}` },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, action: true, details: true, createdAt: true, actor: { select: { id: true, email: true } } },
    }),
  ]);
  if (!row) throw notFound("User");
  return {
    user: { ...toUserDto(row), effective_plan: effectivePlan(row) },
    changes: audits.map((a) => ({
      id: a.id,
      action: a.action,
      details: a.details,
      actor: a.actor ? { id: a.actor.id, email: a.actor.email } : null,
      created_at: a.createdAt.toISOString(),
    })),
  };
}
