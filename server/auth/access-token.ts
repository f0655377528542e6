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

/** The user id the token was issued to; INVALID_TOKEN for anything forged, expired or malformed. */
export async function verifyAccessToken(token: string): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const id = Number(payload.sub);
    if (!payload.sub || !Number.isSafeInteger(id) || id <= 0) throw new Error("bad subject");
    return id;
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new AppError("INVALID_TOKEN", expired ? "Access token expired" : "Invalid access token");
  }
}
