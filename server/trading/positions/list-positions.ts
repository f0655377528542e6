// Read side of positions: lists for GET /api/positions and /api/positions/:userId, newest first,
// in the trading core's wire shape (marked to the monitor's last price while open).
import { db, type Prisma } from "../../db/client";
import { forbidden } from "../../errors";
import type { TAuthUser } from "../../auth/authenticate";
import { resolveTargetUserId } from "../../users/access";
import { POSITION_SELECT, toPositionDtos } from "../position-dto";
import type { TListPositionsQuery, TUserPositionsQuery } from "./schemas";

const STATUS = { open: "OPEN", closed: "CLOSED", failed: "FAILED" } as const;

async function page(where: Prisma.PositionWhereInput, query: { page: number; per_page: number }) {
  const [rows, total] = await db().$transaction([
    db().position.findMany({ where, select: POSITION_SELECT, orderBy: [{ openedAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.per_page, take: query.per_page }),
    db().position.count({ where }),
  ]);
  return { positions: await toPositionDtos(rows), page: query.page, per_page: query.per_page, total };
}

const statusWhere = (status: TUserPositionsQuery["status"]) => (status === "all" ? {} : { status: STATUS[status] });

export async function listPositions(actor: TAuthUser, query: TListPositionsQuery) {
  if (query.all === "true") {
    if (actor.role !== "ADMIN") throw forbidden("Only an admin can list every user's positions");
    return page(statusWhere(query.status), query);
  }
  const userId = query.user_id === undefined ? actor.id : await resolveTargetUserId(actor, query.user_id);
  return { user_id: userId, ...(await page({ userId, ...statusWhere(query.status) }, query)) };
}

export async function listUserPositions(userId: number, query: TUserPositionsQuery) {
  return { user_id: userId, ...(await page({ userId, ...statusWhere(query.status) }, query)) };
}
