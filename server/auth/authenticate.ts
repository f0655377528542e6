import { preparedQuery } from "../db/client";
import { AppError } from "../errors";
import { type USER_DTO_SELECT, type TUserRow } from "../users/user-dto";
import { verifyAccessToken, type TAccessClaims } from "./access-token";

export type TAuthUser = TUserRow;

/**
 * The active user a bearer access token belongs to; role and plan are read fresh each time, and
 * so is whether the token's session still stands (its refresh family not revoked, the user's
 * token version unchanged): revocation reaches access tokens on their next request.
 */
export async function authenticateBearer(authorization: string | null): Promise<TAuthUser> {
  return getActiveUser(await bearerClaims(authorization));
}

/** The bearer token's verified claims (signature only: authenticateBearer checks the session). */
export async function bearerClaims(authorization: string | null): Promise<TAccessClaims> {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  return verifyAccessToken(match[1]);
}

// Every bearer request runs this. A prepared statement on the shared pool costs ~0.05 ms where
// Prisma's query pipeline costs ~1 ms of CPU: at the framework's ~2,000 req/s on two cores that
// difference halves throughput (bench/http.ts). Columns mirror USER_DTO_SELECT; the session
// check rides in the same statement (a probe of a partial index holding only revoked rows).
const ACTIVE_USER_SQL = `SELECT id, username, email, role, plan,
  plan_expires_at AT TIME ZONE 'UTC' AS plan_expires_at, is_active, telegram_handle,
  created_at AT TIME ZONE 'UTC' AS created_at, token_version,
  EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $2::uuid AND revoked_at IS NOT NULL) AS family_revoked
  FROM users WHERE id = $1`;

type TUserSqlRow = {
  id: number; username: string; email: string; role: TAuthUser["role"]; plan: TAuthUser["plan"];
  plan_expires_at: Date | null; is_active: boolean; telegram_handle: string | null; created_at: Date;
  token_version: number; family_revoked: boolean;
};

/** The user by id (a verified token's, or the dashboard session's), refused when disabled or the session was ended. */
export async function getActiveUser(claims: Pick<TAccessClaims, "userId"> & Partial<TAccessClaims>): Promise<TAuthUser> {
  const [r] = await preparedQuery<TUserSqlRow>(ACTIVE_USER_SQL, [claims.userId, claims.familyId ?? null]);
  if (!r || !r.is_active) throw new AppError("INVALID_TOKEN", "Account not found or disabled");
  if (r.family_revoked || (claims.version !== undefined && claims.version !== r.token_version)) {
    throw new AppError("INVALID_TOKEN", "This session was signed out; please log in again");
  }
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    role: r.role,
    plan: r.plan,
    planExpiresAt: r.plan_expires_at,
    isActive: r.is_active,
    telegramHandle: r.telegram_handle,
    createdAt: r.created_at,
  } satisfies Record<keyof typeof USER_DTO_SELECT, unknown>;
}

/**
 * The user, or null when the credentials are not valid (missing, forged, expired, an account
 * disabled). Any other failure — the database not answering — is thrown: an outage must never
 * read as "not signed in" or "no access".
 */
/**
 * Who is asking, where both kinds of caller come: a bearer token first (the app), else the
 * dashboard's session (its user id and the token version it signed in under). Neither: UNAUTHORIZED.
 */
export async function bearerOrSessionUser(input: { authorization: string | null; sessionUserId?: string | null; sessionVersion?: number }): Promise<TAuthUser> {
  if (input.authorization) return authenticateBearer(input.authorization);
  const id = Number(input.sessionUserId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  return getActiveUser({ userId: id, version: input.sessionVersion });
}

export async function nullIfUnauthenticated(work: Promise<TAuthUser>): Promise<TAuthUser | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && (error.code === "UNAUTHORIZED" || error.code === "INVALID_TOKEN")) return null;
    throw error;
  }
}

export function requireAdmin(user: TAuthUser): void {
  if (user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Admin access required");
}
