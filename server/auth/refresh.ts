import { db } from "../db/client";
import { AppError } from "../errors";
import { USER_DTO_SELECT } from "../users/user-dto";
import { rotateRefreshToken } from "./refresh-token";
import type { TRefreshInput } from "./schemas";
import { sessionTokens, type TSessionTokens } from "./session-tokens";

export async function refresh(input: TRefreshInput): Promise<TSessionTokens> {
  const { userId, ...issued } = await rotateRefreshToken(input.refresh_token);
  const user = await db().user.findUnique({ where: { id: userId }, select: { ...USER_DTO_SELECT, tokenVersion: true } });
  if (!user || !user.isActive) throw new AppError("INVALID_TOKEN", "Account no longer active");
  return sessionTokens(user, issued);
}
