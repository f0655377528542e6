// Issue 15.7: revoking a session reaches its access tokens at once — on REST, tRPC and the SSE
// stream — for each cause: refresh-token reuse, a new password, a disabled account, signing out
// one session, and signing out everywhere (POST /api/auth/logout {all: true}).
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { createTrpcContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { ensureAdmin } from "@/server/auth/ensure-admin";
import { call, expectError } from "@/test/helpers/http";
import { createUser } from "@/test/helpers/factories";
import { callerAs } from "@/test/helpers/trpc";
import { GET as streamRoute } from "../signals/stream/route";
import { POST as loginRoute } from "./login/route";
import { POST as logoutRoute } from "./logout/route";
import { GET as meRoute } from "./me/route";
import { POST as refreshRoute } from "./refresh/route";

type TTokens = { access_token: string; refresh_token: string };

afterEach(() => {
  delete process.env.ADMIN_EMAIL;
  delete process.env.ADMIN_PASSWORD;
  resetEnvForTests();
});

async function signIn(email: string, password: string): Promise<TTokens> {
  const res = await call(loginRoute, { method: "POST", body: { email, password } });
  expect(res.status).toBe(200);
  return res.body as TTokens;
}
const refresh = (refresh_token: string) => call(refreshRoute, { method: "POST", body: { refresh_token } });
const logout = (body: unknown, token?: string) => call(logoutRoute, { method: "POST", body, token });

async function streamStatus(token: string): Promise<number> {
  const abort = new AbortController();
  const res = await streamRoute(new Request("http://localhost/api/signals/stream", { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }), {
    params: Promise.resolve({}),
  });
  abort.abort();
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

async function trpcStatus(token: string): Promise<string> {
  return (await callerAs(token)).me.get().then(
    () => "ok",
    (err: { code?: string }) => err.code ?? "error",
  );
}

/** The token gets in on REST, tRPC and the SSE stream — or is refused on all three. */
async function expectAccess(token: string, allowed: boolean): Promise<void> {
  const me = await call(meRoute, { token });
  if (allowed) expect(me.status).toBe(200);
  else expectError(me, 401, "invalid_token");
  expect(await trpcStatus(token)).toBe(allowed ? "ok" : "UNAUTHORIZED");
  expect(await streamStatus(token)).toBe(allowed ? 200 : 401);
}

describe("revocation reaches access tokens at once", () => {
  it("refresh-token reuse: every access token of that family is refused, another session is not", async () => {
    const { user, password } = await createUser();
    const stolen = await signIn(user.email, password);
    const other = await signIn(user.email, password);
    const rotated = (await refresh(stolen.refresh_token)).body as TTokens;
    await expectAccess(rotated.access_token, true);

    expectError(await refresh(stolen.refresh_token), 401, "invalid_token");
    await expectAccess(stolen.access_token, false);
    await expectAccess(rotated.access_token, false);
    await expectAccess(other.access_token, true);
  });

  it("a new password (a new ADMIN_PASSWORD at start) ends every session; the same one ends none", async () => {
    const { user, password } = await createUser({ role: "ADMIN" });
    process.env.ADMIN_EMAIL = user.email;
    process.env.ADMIN_PASSWORD = password;
    resetEnvForTests();
    const session = await signIn(user.email, password);
    await ensureAdmin();
    await expectAccess(session.access_token, true);

    process.env.ADMIN_PASSWORD = "a-brand-new-admin-password";
    resetEnvForTests();
    await ensureAdmin();
    await expectAccess(session.access_token, false);
    expectError(await refresh(session.refresh_token), 401, "invalid_token");
    await expectAccess((await signIn(user.email, "a-brand-new-admin-password")).access_token, true);
  });

  it("a disabled account: its tokens are refused on the next request", async () => {
    const { user, password } = await createUser();
    const session = await signIn(user.email, password);
    await db().user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectAccess(session.access_token, false);
    expectError(await refresh(session.refresh_token), 401, "invalid_token");
  });

  it("POST /api/auth/logout {refresh_token}: that session ends, the others stay", async () => {
    const { user, password } = await createUser();
    const phone = await signIn(user.email, password);
    const tablet = await signIn(user.email, password);
    const res = await logout({ refresh_token: phone.refresh_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "Signed out", revoked_sessions: 1 });
    await expectAccess(phone.access_token, false);
    expectError(await refresh(phone.refresh_token), 401, "invalid_token");
    await expectAccess(tablet.access_token, true);
  });

  it("POST /api/auth/logout with only the bearer token ends that token's session", async () => {
    const { user, password } = await createUser();
    const phone = await signIn(user.email, password);
    const tablet = await signIn(user.email, password);
    expect((await logout({}, phone.access_token)).status).toBe(200);
    await expectAccess(phone.access_token, false);
    await expectAccess(tablet.access_token, true);
  });

  it("POST /api/auth/logout {all: true}: every refresh family, access token and dashboard session of the user ends", async () => {
    const { user, password } = await createUser({ role: "ADMIN" });
    const sessions = [await signIn(user.email, password), await signIn(user.email, password), await signIn(user.email, password)];
    const dashboardVersion = (await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { tokenVersion: true } })).tokenVersion;
    const bystander = await createUser();
    const theirs = await signIn(bystander.user.email, bystander.password);

    const res = await logout({ all: true }, sessions[0]!.access_token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "Signed out everywhere", revoked_sessions: 3 });
    for (const s of sessions) {
      await expectAccess(s.access_token, false);
      expectError(await refresh(s.refresh_token), 401, "invalid_token");
    }
    const dashboard = createCaller(await createTrpcContext({ authorization: null, sessionUserId: String(user.id), sessionVersion: dashboardVersion }));
    await expect(dashboard.me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expectAccess(theirs.access_token, true);
    // A new sign-in works as before.
    await expectAccess((await signIn(user.email, password)).access_token, true);
  });

  it("POST /api/auth/logout {all: true} with only a refresh token (the access token expired) works too", async () => {
    const { user, password } = await createUser();
    const a = await signIn(user.email, password);
    const b = await signIn(user.email, password);
    expect((await logout({ all: true, refresh_token: a.refresh_token })).status).toBe(200);
    await expectAccess(b.access_token, false);
  });

  it("answers logout mistakes with {error, message}", async () => {
    const { user, password } = await createUser();
    const mine = await signIn(user.email, password);
    const other = await createUser();
    const theirs = await signIn(other.user.email, other.password);
    expect(expectError(await logout({}), 400, "invalid_input").field).toBe("refresh_token");
    expectError(await logout({ all: true }), 401);
    expect(expectError(await logout({ all: "yes" }, mine.access_token), 400, "invalid_input").field).toBe("all");
    expectError(await logout({ refresh_token: "not-a-token" }), 401, "invalid_token");
    expectError(await logout({ refresh_token: theirs.refresh_token }, mine.access_token), 403, "forbidden");
    await expectAccess(theirs.access_token, true);
  });
});
