import { db } from "../db/client";
import { AppError } from "../errors";
import { USER_DTO_SELECT, type TUserRow } from "../users/user-dto";
import { verifyAccessToken } from "./access-token";

export type TAuthUser = TUserRow;

/** The active user a bearer access token belongs to; role and plan are read fresh each time. */
export async function authenticateBearer(authorization: string | null): Promise<TAuthUser> {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  const userId = await verifyAccessToken(match[1]);
  return getActiveUser(userId);
}

export async function getActiveUser(userId: number): Promise<TAuthUser> {
  const user = await db().user.findUnique({ where: { id: userId }, select: USER_DTO_SELECT });
  if (!user || !user.isActive) throw new AppError("INVALID_TOKEN", "Account not found or disabled");
  return user;
}

export function requireAdmin(user: TAuthUser): void {
  if (user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Admin access required");
}
