// Access tokens: HS256 JWTs, 1 hour, `sub` = the user id as a string (SPEC §2).
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

export async function signAccessToken(user: { id: number; role: string }, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: user.role })
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
const verified = new Map<string, { userId: number; exp: number; secret: string }>();

/** The user id the token was issued to; INVALID_TOKEN for anything forged, expired or malformed. */
export async function verifyAccessToken(token: string): Promise<number> {
  const known = verified.get(token);
  if (known && known.secret === env().JWT_SECRET && known.exp > Date.now() / 1000) return known.userId;
  if (known) verified.delete(token);
  const result = await verifySignature(token);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { ...result, secret: env().JWT_SECRET });
  return result.userId;
}

async function verifySignature(token: string): Promise<{ userId: number; exp: number }> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const id = Number(payload.sub);
    if (!payload.sub || !Number.isSafeInteger(id) || id <= 0 || typeof payload.exp !== "number") throw new Error("bad claims");
    return { userId: id, exp: payload.exp };
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new AppError("INVALID_TOKEN", expired ? "Access token expired" : "Invalid access token");
  }
}
