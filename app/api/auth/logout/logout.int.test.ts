// POST /api/auth/logout verifies the bearer token once, and a valid refresh token signs its
// session out even when the access token's session has already ended.
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as accessToken from "@/server/auth/access-token";
import { db } from "@/server/db/client";
import { call, expectError } from "@/test/helpers/http";
import { createUser } from "@/test/helpers/factories";
import { POST as loginRoute } from "../login/route";
import { POST as refreshRoute } from "../refresh/route";
import { POST as logoutRoute } from "./route";

const verifications = vi.spyOn(accessToken, "verifyAccessToken");
beforeEach(() => {
  verifications.mockClear();
});

type TTokens = { access_token: string; refresh_token: string };
async function signIn(email: string, password: string): Promise<TTokens> {
  const res = await call(loginRoute, { method: "POST", body: { email, password } });
  expect(res.status).toBe(200);
  return res.body as TTokens;
}
const logout = (body: unknown, token?: string) => call(logoutRoute, { method: "POST", body, token });
const familyRevoked = async (refreshToken: string) =>
  (await call(refreshRoute, { method: "POST", body: { refresh_token: refreshToken } })).status === 401;

describe("POST /api/auth/logout", () => {
  it("verifies the access token once", async () => {
    const { user, password } = await createUser();
    const s = await signIn(user.email, password);
    verifications.mockClear();
    const r = await logout({}, s.access_token);
    expect(r.status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it("an access token whose session already ended, with that session's valid refresh token: signed out (200)", async () => {
    const { user, password } = await createUser();
    const phone = await signIn(user.email, password);
    const laptop = await signIn(user.email, password);
    // Signed out everywhere from the laptop: the phone's access token is revoked, its refresh token too.
    expect((await logout({ all: true }, laptop.access_token)).status).toBe(200);
    const again = await signIn(user.email, password);
    // A revoked access token and a live refresh token (of a session signed in since).
    const res = await logout({ refresh_token: again.refresh_token }, phone.access_token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: "Signed out", revoked_sessions: 1 });
    expect(await familyRevoked(again.refresh_token)).toBe(true);
  });

  it("a revoked access token alone is still 401; a forged one is 401 even with a refresh token; another account's refresh token is 403", async () => {
    const { user, password } = await createUser();
    const a = await signIn(user.email, password);
    expect((await logout({}, a.access_token)).status).toBe(200);
    expectError(await logout({}, a.access_token), 401, "invalid_token");

    const b = await signIn(user.email, password);
    expectError(await logout({ refresh_token: b.refresh_token }, "forged.token.value"), 401);
    expect(await familyRevoked(b.refresh_token)).toBe(false);

    const other = await createUser();
    const o = await signIn(other.user.email, other.password);
    expectError(await logout({ refresh_token: o.refresh_token }, a.access_token), 403, "forbidden");
    expect(await familyRevoked(o.refresh_token)).toBe(false);
    expect(await db().refreshToken.count({ where: { userId: other.user.id, revokedAt: null } })).toBeGreaterThan(0);
  });
});
