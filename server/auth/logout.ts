import { z } from "zod";
import { db } from "../db/client";
import { AppError, invalidInput } from "../errors";
import { bearerClaims, getActiveUser } from "./authenticate";
import { familyOf, revokeAllSessions, revokeFamily } from "./refresh-token";

export const ZLogoutInput = z.object({
  refresh_token: z.string({ error: "must be a string" }).min(1, "is required").max(512, "is too long").optional(),
  all: z.boolean({ error: "must be true or false" }).optional(),
});
export type TLogoutInput = z.infer<typeof ZLogoutInput>;

/** Who asks: the bearer token's user and session, when one was sent. */
export type TLogoutCaller = { userId: number; familyId: string | null } | null;

/**
 * The caller of a sign-out, from its bearer token, verified once (signature and expiry), then its
 * session checked. A session already ended (revoked, signed out elsewhere, the account disabled)
 * is a 401 — unless the body brings a refresh token: that token is authority enough to sign out
 * its own session, and the verified claims still say whose token it must be.
 */
export async function logoutCaller(authorization: string | null, input: TLogoutInput): Promise<TLogoutCaller> {
  if (!authorization) return null;
  const claims = await bearerClaims(authorization);
  try {
    await getActiveUser(claims);
  } catch (err) {
    if (!(input.refresh_token && err instanceof AppError && err.code === "INVALID_TOKEN")) throw err;
  }
  return { userId: claims.userId, familyId: claims.familyId };
}

/**
 * Signs out this session (the refresh token's family, else the bearer token's), or with
 * `all: true` every session of the user. Either way the access tokens issued with them are
 * refused from their next request on.
 */
export async function logout(input: TLogoutInput, caller: TLogoutCaller): Promise<{ message: string; revoked_sessions: number }> {
  const family = input.refresh_token ? await familyOf(input.refresh_token) : null;
  if (input.refresh_token && !family) throw new AppError("INVALID_TOKEN", "Invalid or expired refresh token");
  if (family && caller && family.userId !== caller.userId) {
    throw new AppError("FORBIDDEN", "This refresh token belongs to another account");
  }
  const userId = family?.userId ?? caller?.userId;

  if (input.all) {
    if (!userId) throw new AppError("UNAUTHORIZED", "Send a bearer token or your refresh_token to sign out everywhere");
    const families = await db().$transaction(async (tx) => {
      const rows = await tx.refreshToken.findMany({ where: { userId, revokedAt: null }, select: { familyId: true }, distinct: ["familyId"] });
      await revokeAllSessions(tx, userId);
      return rows.length;
    });
    return { message: "Signed out everywhere", revoked_sessions: families };
  }

  const familyId = family?.familyId ?? caller?.familyId;
  if (!familyId) throw invalidInput("refresh_token", "is required (or send all: true)");
  await revokeFamily(familyId);
  return { message: "Signed out", revoked_sessions: 1 };
}
