// Access tokens: HS256 JWTs, 1 hour, `sub` = the user id as a string (SPEC §2). They also carry
// the refresh family they were issued with (`sid`) and the user's token version (`ver`), so that
// revoking either ends the access token at once (authenticate.ts).
import { jwtVerify, SignJWT, errors as joseErrors } from "jose";
import { env } from "../env";
import { AppError } from "../errors";

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "verzek-auto-trader";
const AUDIENCE = "verzek-api";

let keyCache: { secret: string; key: Uint8Array } | undefined;
function signingKey(): Uint8Array {
  const secret = env().JWT_SECRET;
  if (keyCache?.secret !== secret) keyCache = { secret, key: new TextEncoder().encode(secret) };
  return keyCache.key;
}

export type TAccessClaims = { userId: number; familyId: string | null; version: number };

/** Sessions pass their refresh family; a token without one (tests' factories) ends only with the version. */
export async function signAccessToken(user: { id: number; role: string; tokenVersion?: number }, now = new Date(), familyId?: string): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: user.role, ver: user.tokenVersion ?? 0, ...(familyId ? { sid: familyId } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signingKey());
}

// Verified tokens, remembered until they expire: a signature check gives the same answer every
// time for the same token and key, and the app sends the same token for an hour.
const VERIFIED_MAX = 10_000;
// Only the signature is remembered: whether the session still stands is asked on every request.
const verified = new Map<string, TAccessClaims & { exp: number; secret: string }>();

/** Whom and which session the token was issued to; INVALID_TOKEN for anything forged, expired or malformed. */
export async function verifyAccessToken(token: string): Promise<TAccessClaims> {
  const known = verified.get(token);
  if (known && known.secret === env().JWT_SECRET && known.exp > Date.now() / 1000) return known;
  if (known) verified.delete(token);
  const result = await verifySignature(token);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { ...result, secret: env().JWT_SECRET });
  return result;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function verifySignature(token: string): Promise<TAccessClaims & { exp: number }> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const id = Number(payload.sub);
    if (!payload.sub || !Number.isSafeInteger(id) || id <= 0 || typeof payload.exp !== "number") throw new Error("bad claims");
    // Tokens from before sessions were versioned carry neither claim: version 0, no family.
    const { sid, ver = 0 } = payload as { sid?: unknown; ver?: unknown };
    if (sid !== undefined && (typeof sid !== "string" || !UUID.test(sid))) throw new Error("bad sid");
    if (!Number.isSafeInteger(ver) || (ver as number) < 0) throw new Error("bad ver");
    return { userId: id, exp: payload.exp, familyId: sid ?? null, version: ver as number };
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new AppError("INVALID_TOKEN", expired ? "Access token expired" : "Invalid access token");
  }
}
