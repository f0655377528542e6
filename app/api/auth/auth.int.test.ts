import { SignJWT, UnsecuredJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { disconnectDb, db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { LOGIN_LIMIT_PER_IP_EMAIL } from "@/server/auth/login";
import { installPeerStamp, PEER_HEADER } from "@/server/http/client-ip";
import { call, expectError } from "@/test/helpers/http";
import { createUser, uniq } from "@/test/helpers/factories";
import { POST as registerRoute, OPTIONS as registerPreflight } from "./register/route";
import { POST as loginRoute } from "./login/route";
import { POST as refreshRoute } from "./refresh/route";
import { GET as meRoute } from "./me/route";

const newAccount = () => {
  const tag = uniq();
  return { username: `Trader_${tag}`, email: `Trader_${tag}@Example.test`, password: "s3cure-passphrase" };
};
const register = (body: unknown, headers?: Record<string, string>) => call(registerRoute, { method: "POST", body, headers });
const login = (body: unknown, headers?: Record<string, string>) => call(loginRoute, { method: "POST", body, headers });
const refresh = (refresh_token: unknown) => call(refreshRoute, { method: "POST", body: { refresh_token } });
const me = (token: string) => call(meRoute, { token });

afterEach(() => {
  delete process.env.MOBILE_API_KEY;
  delete process.env.CORS_ORIGINS;
  resetEnvForTests();
});

describe("POST /api/auth/register", () => {
  it("creates a TRIAL user and signs them in", async () => {
    const account = newAccount();
    const res = await register(account);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: account.username, email: account.email.toLowerCase(), plan: "TRIAL", role: "USER" });
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.expires_in).toBe(3600);
    expect(typeof res.body.refresh_token).toBe("string");
    const stored = await db().user.findUniqueOrThrow({ where: { id: res.body.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(res.body)).not.toContain("argon2");
  });

  it("answers 409 for an email or username that is taken, whatever the case", async () => {
    const account = newAccount();
    expect((await register(account)).status).toBe(201);
    const sameEmail = await register({ ...newAccount(), email: account.email.toUpperCase() });
    expect(expectError(sameEmail, 409, "conflict").field).toBe("email");
    const sameName = await register({ ...newAccount(), username: account.username.toLowerCase() });
    expect(expectError(sameName, 409, "conflict").field).toBe("username");
  });

  it("lets exactly one of 10 racing registrations of one email through", async () => {
    const account = newAccount();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register({ ...account, username: `${account.username}${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await db().user.count({ where: { email: account.email.toLowerCase() } })).toBe(1);
  });

  it.each([
    [{ username: "ab", email: "a@b.co", password: "longenough" }, "username"],
    [{ username: "has space", email: "a@b.co", password: "longenough" }, "username"],
    [{ username: "valid_name", email: "not-an-email", password: "longenough" }, "email"],
    [{ username: "valid_name", email: "a@b.co", password: "short" }, "password"],
    [{ username: "valid_name", email: "a@b.co", password: "x".repeat(129) }, "password"],
    [{ email: "a@b.co", password: "longenough" }, "username"],
    [{ username: "valid_name", password: "longenough" }, "email"],
    [{ username: "valid_name", email: "a@b.co" }, "password"],
    [{ username: 42, email: "a@b.co", password: "longenough" }, "username"],
    [{ username: "valid_name", email: ["a@b.co"], password: "longenough" }, "email"],
    [{ username: "valid_name", email: "a@b.co", password: { $gt: "" } }, "password"],
    [{ username: "valid_name", email: "a@b.co", password: "longenough", ref: 7 }, "ref"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const res = await register(body);
    expect(expectError(res, 400, "invalid_input").field).toBe(field);
  });

  it("answers 400 for an unknown referral code and creates nothing", async () => {
    const account = newAccount();
    const res = await register({ ...account, ref: "NO-SUCH-CODE" });
    expect(expectError(res, 400).field).toBe("ref");
    expect(await db().user.count({ where: { email: { equals: account.email, mode: "insensitive" } } })).toBe(0);
  });

  it("links the user to the partner whose code they give (case-insensitive)", async () => {
    const code = `p${uniq()}`;
    const partner = await db().partner.create({ data: { name: "Partner", referralCode: code } });
    const res = await register({ ...newAccount(), ref: code.toUpperCase() });
    expect(res.status).toBe(201);
    const user = await db().user.findUniqueOrThrow({ where: { id: res.body.user.id } });
    expect(user.referredByPartnerId).toBe(partner.id);
  });

  it("takes the code from the URL too (?ref=, SEED 4.5); the body's wins; a bad one is a 400 naming ref", async () => {
    const code = `p${uniq()}`;
    const partner = await db().partner.create({ data: { name: "Partner", referralCode: code } });
    const byUrl = await call(registerRoute, { method: "POST", path: `/api/auth/register?ref=${code}`, body: newAccount() });
    expect(byUrl.status).toBe(201);
    expect((await db().user.findUniqueOrThrow({ where: { id: byUrl.body.user.id } })).referredByPartnerId).toBe(partner.id);
    const bodyWins = await call(registerRoute, { method: "POST", path: "/api/auth/register?ref=NO-SUCH-CODE", body: { ...newAccount(), ref: code } });
    expect(bodyWins.status).toBe(201);
    for (const ref of ["NO-SUCH-CODE", "x".repeat(65)]) {
      const account = newAccount();
      expect(expectError(await call(registerRoute, { method: "POST", path: `/api/auth/register?ref=${ref}`, body: account }), 400).field).toBe("ref");
      expect(await db().user.count({ where: { email: { equals: account.email, mode: "insensitive" } } })).toBe(0);
    }
  });

  it.each([
    ["malformed JSON", "{not json", "application/json", 400, "invalid_json"],
    ["an empty body", "", "application/json", 400, "invalid_json"],
    ["a JSON array", "[]", "application/json", 400, "invalid_input"],
    ["JSON null", "null", "application/json", 400, "invalid_input"],
    ["a wrong content type", JSON.stringify(newAccount()), "text/plain", 415, "unsupported_media_type"],
    ["a form body", "username=a&email=b", "application/x-www-form-urlencoded", 415, "unsupported_media_type"],
  ])("answers %s with a clear 4xx", async (_label, body, type, status, error) => {
    expectError(await register(body, { "content-type": type }), status, error);
  });

  it("refuses a body over 64 KiB with 413", async () => {
    expectError(await register({ ...newAccount(), padding: "x".repeat(70_000) }), 413, "payload_too_large");
  });

  it("requires the app's X-API-KEY when MOBILE_API_KEY is set", async () => {
    process.env.MOBILE_API_KEY = "verzek-mobile-app";
    resetEnvForTests();
    expectError(await register(newAccount()), 401, "invalid_api_key");
    expectError(await register(newAccount(), { "x-api-key": "wrong" }), 401, "invalid_api_key");
    expect((await register(newAccount(), { "x-api-key": "verzek-mobile-app" })).status).toBe(201);
  });

  it("answers CORS preflight for allowed origins only", async () => {
    process.env.CORS_ORIGINS = "https://app.verzek.test, https://admin.verzek.test";
    resetEnvForTests();
    const allowed = await call(registerPreflight, { method: "OPTIONS", headers: { origin: "https://app.verzek.test" } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.verzek.test");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("X-API-KEY");
    const other = await call(registerPreflight, { method: "OPTIONS", headers: { origin: "https://evil.test" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const res = await register(newAccount(), { origin: "https://admin.verzek.test" });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://admin.verzek.test");
  });
});

describe("POST /api/auth/login", () => {
  it("signs in with the email in any case", async () => {
    const { user, password } = await createUser();
    const res = await login({ email: user.email.toUpperCase(), password });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect((await me(res.body.access_token)).body.user.email).toBe(user.email);
  });

  it("answers 401 alike for a wrong password and an unknown email", async () => {
    const { user } = await createUser();
    const wrong = expectError(await login({ email: user.email, password: "not-the-password" }), 401, "invalid_credentials");
    const unknown = expectError(await login({ email: `nobody_${uniq()}@example.test`, password: "whatever1" }), 401, "invalid_credentials");
    expect(wrong.message).toBe(unknown.message);
  });

  it("refuses a disabled account", async () => {
    const { user, password } = await createUser({ isActive: false });
    expectError(await login({ email: user.email, password }), 403, "forbidden");
  });

  it("rate limits per IP and email with 429 and Retry-After, without blocking other clients", async () => {
    const { user, password } = await createUser();
    installPeerStamp();
    const headers = { [PEER_HEADER]: "203.0.113.7" };
    for (let i = 0; i < LOGIN_LIMIT_PER_IP_EMAIL; i++) {
      expect((await login({ email: user.email, password: "wrong-password" }, headers)).status).toBe(401);
    }
    const limited = await login({ email: user.email, password }, headers);
    expectError(limited, 429, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await login({ email: user.email, password }, { [PEER_HEADER]: "198.51.100.1" })).status).toBe(200);
  });

  it.each([
    [{ password: "x" }, "email"],
    [{ email: "a@b.co" }, "password"],
    [{ email: "a@b.co", password: 12345678 }, "password"],
    [{ email: "a@b.co", password: "" }, "password"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    expect(expectError(await login(body), 400).field).toBe(field);
  });
});

describe("POST /api/auth/refresh", () => {
  it("rotates: the new pair works, the old refresh token does not", async () => {
    const first = (await register(newAccount())).body;
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.body.access_token)).status).toBe(200);
    expectError(await refresh(first.refresh_token), 401, "invalid_token");
  });

  it("revokes the whole family when a rotated token is reused", async () => {
    const first = (await register(newAccount())).body;
    const second = (await refresh(first.refresh_token)).body;
    expectError(await refresh(first.refresh_token), 401); // a thief replays the old token
    expectError(await refresh(second.refresh_token), 401); // …and the legitimate chain is revoked too
  });

  it("lets only one of two racing refreshes with one token win", async () => {
    const first = (await register(newAccount())).body;
    const results = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it("refuses unknown, expired and malformed tokens with 401 or 400", async () => {
    expectError(await refresh("not-a-real-token"), 401, "invalid_token");
    const first = (await register(newAccount())).body;
    await db().refreshToken.updateMany({ where: { userId: first.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await refresh(first.refresh_token), 401, "invalid_token");
    expect(expectError(await refresh(123), 400).field).toBe("refresh_token");
    expect(expectError(await refresh(""), 400).field).toBe("refresh_token");
  });

  it("keeps sessions across a restart: tokens issued before still work after", async () => {
    const first = (await register(newAccount())).body;
    await disconnectDb();
    resetEnvForTests();
    expect((await me(first.access_token)).status).toBe(200);
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });
});

describe("GET /api/auth/me", () => {
  const secret = () => new TextEncoder().encode(process.env.JWT_SECRET);
  const claims = (sub: string) => new SignJWT({ role: "ADMIN" }).setSubject(sub).setIssuer("verzek-auto-trader").setAudience("verzek-api");

  it("answers 401 without a token or with a malformed header", async () => {
    expectError(await call(meRoute), 401, "unauthorized");
    expectError(await call(meRoute, { headers: { authorization: "Basic abc" } }), 401);
    expectError(await call(meRoute, { headers: { authorization: "Bearer" } }), 401);
  });

  it("answers 401 for forged, expired, alg:none and other-secret tokens", async () => {
    const { user, token } = await createUser();
    const sub = String(user.id);
    const [header, payload] = token.split(".");
    const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: "1", role: "ADMIN" })).toString("base64url")}.${token.split(".")[2]}`;
    const expired = await claims(sub).setProtectedHeader({ alg: "HS256" }).setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(secret());
    const none = new UnsecuredJWT({ role: "ADMIN" }).setSubject(sub).setIssuer("verzek-auto-trader").setAudience("verzek-api").setExpirationTime("1h").encode();
    const otherSecret = await claims(sub).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h").sign(new TextEncoder().encode("x".repeat(48)));
    const hs512 = await claims(sub).setProtectedHeader({ alg: "HS512" }).setExpirationTime("1h").sign(secret());
    for (const bad of [tampered, expired, none, otherSecret, hs512, `${header}.${payload}.`, "garbage"]) {
      expectError(await me(bad), 401);
    }
    const expiredBody = expectError(await me(expired), 401, "invalid_token");
    expect(expiredBody.message).toMatch(/expired/i);
  });

  it("stops accepting a token it verified before once that token expires", async () => {
    const { token } = await createUser();
    expect((await me(token)).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 3601_000);
      expectError(await me(token), 401, "invalid_token");
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers 401 for a valid token of a deleted or disabled user", async () => {
    const { user, token } = await createUser();
    await db().user.update({ where: { id: user.id }, data: { isActive: false } });
    expectError(await me(token), 401, "invalid_token");
  });

  it("puts the user id in `sub` as a string", async () => {
    const res = (await register(newAccount())).body;
    const payload = JSON.parse(Buffer.from(res.access_token.split(".")[1], "base64url").toString());
    expect(payload.sub).toBe(String(res.user.id));
    expect(payload.exp - payload.iat).toBe(3600);
  });
});
