// Refresh tokens: opaque random strings, stored only as SHA-256, 30 days, rotated on every use.
// Presenting a rotated (or revoked) token again means it leaked: the whole family is revoked.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db, type TTx } from "../db/client";
import { AppError } from "../errors";

export const REFRESH_TOKEN_TTL_DAYS = 30;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export type TIssuedRefreshToken = { refreshToken: string; familyId: string };

export async function issueRefreshToken(tx: TTx, userId: number, familyId: string = randomUUID()): Promise<TIssuedRefreshToken> {
  const token = randomBytes(32).toString("base64url");
  await tx.refreshToken.create({
    data: {
      userId,
      familyId,
      tokenHash: digest(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    },
  });
  return { refreshToken: token, familyId };
}

const invalid = () => new AppError("INVALID_TOKEN", "Invalid or expired refresh token");

/** Marks the token used and returns a new one of the same family, with its user id. */
export async function rotateRefreshToken(token: string): Promise<TIssuedRefreshToken & { userId: number }> {
  const found = await db().refreshToken.findUnique({
    where: { tokenHash: digest(token) },
    select: { id: true, userId: true, familyId: true, expiresAt: true, rotatedAt: true, revokedAt: true },
  });
  if (!found) throw invalid();
  if (found.rotatedAt || found.revokedAt) {
    await revokeFamily(found.familyId);
    throw new AppError("INVALID_TOKEN", "Refresh token was already used; please log in again");
  }
  if (found.expiresAt <= new Date()) throw invalid();

  const issued = await db().$transaction(async (tx) => {
    // Conditional update: of two concurrent refreshes with one token, exactly one wins; the
    // other is a reuse like any other.
    const claimed = await tx.refreshToken.updateMany({
      where: { id: found.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: new Date() },
    });
    return claimed.count === 1 ? issueRefreshToken(tx, found.userId, found.familyId) : null;
  });
  if (!issued) {
    await revokeFamily(found.familyId);
    throw new AppError("INVALID_TOKEN", "Refresh token was already used; please log in again");
  }
  return { userId: found.userId, ...issued };
}

/** Ends one session: its refresh tokens, and (authenticate.ts) the access tokens issued with them. */
export async function revokeFamily(familyId: string): Promise<void> {
  await db().refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The family a refresh token belongs to, if it is one of ours (spent or not). */
export async function familyOf(token: string): Promise<{ userId: number; familyId: string } | null> {
  return db().refreshToken.findUnique({ where: { tokenHash: digest(token) }, select: { userId: true, familyId: true } });
}

/**
 * Ends every session of the user: all refresh families revoked, and the token version raised so
 * every access token already out (and every dashboard session) is refused on its next request.
 */
export async function revokeAllSessions(tx: TTx, userId: number): Promise<void> {
  await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } }, select: { id: true } });
}

export async function pruneExpiredRefreshTokens(): Promise<number> {
  const { count } = await db().refreshToken.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
