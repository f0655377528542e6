import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { toUserDto, USER_DTO_SELECT } from "./user-dto";
import { userSearchWhere } from "./user-search";

export const ZListUsersQuery = z.object({
  page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000, "is too large").default(1),
  per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
  q: z.string().trim().max(100, "is too long").optional(),
  plan: z.enum(["TRIAL", "VIP", "PREMIUM"], { error: "must be TRIAL, VIP or PREMIUM" }).optional(),
  role: z.enum(["USER", "ADMIN"], { error: "must be USER or ADMIN" }).optional(),
});
export type TListUsersQuery = z.infer<typeof ZListUsersQuery>;

/**
 * `plan` filters by the EFFECTIVE plan right now (as effectivePlan): a paid plan past its expiry is
 * TRIAL even before the expiry sweep resets it, so `?plan=VIP&role=USER` lists exactly the users
 * the admin overview counts as vip_users.
 */
function planWhere(plan: TListUsersQuery["plan"], now: Date): Prisma.UserWhereInput {
  if (!plan) return {};
  if (plan === "TRIAL") return { OR: [{ plan: "TRIAL" }, { planExpiresAt: { lte: now } }] };
  return { plan, OR: [{ planExpiresAt: null }, { planExpiresAt: { gt: now } }] };
}

/** Newest first, page by page, with the total for the pager. */
export async function listUsers(query: TListUsersQuery, now = new Date()) {
  const where: Prisma.UserWhereInput = {
    AND: [planWhere(query.plan, now)],
    ...(query.role ? { role: query.role } : {}),
    ...(query.q ? userSearchWhere(query.q) : {}),
  };
  const [rows, total] = await db().$transaction([
    db().user.findMany({
      where,
      select: USER_DTO_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    }),
    db().user.count({ where }),
  ]);
  return { users: rows.map(toUserDto), page: query.page, per_page: query.per_page, total };
}
