// Access tokens a client must never get past the bearer check with: expired, signed with another
// secret, and a real token whose claims were edited (to ADMIN) without re-signing.
import { SignJWT } from "jose";
import { signAccessToken } from "@/server/auth/access-token";

export async function badTokens(user: { id: number; role: string }): Promise<Record<"expired" | "forged" | "tampered", string>> {
  const expired = await signAccessToken(user, new Date(Date.now() - 2 * 3600_000));
  const forged = await new SignJWT({ role: "ADMIN" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(user.id))
    .setIssuer("verzek-auto-trader")
    .setAudience("verzek-api")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode("not-the-platform-secret-".repeat(3)));
  const real = await signAccessToken(user);
  const [header, , signature] = real.split(".");
  const claims = { ...JSON.parse(Buffer.from(real.split(".")[1]!, "base64url").toString()), role: "ADMIN" };
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  return { expired, forged, tampered };
}
