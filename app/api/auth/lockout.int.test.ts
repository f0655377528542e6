// Issue 15.1: strangers' failed logins, from forged or real addresses, never stop the owner's
// correct password — on the app's REST login and on the dashboard's Auth.js sign-in.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { handlers } from "@/auth";
import { LOGIN_FAILURES_PER_EMAIL, LOGIN_LIMIT_PER_IP_EMAIL, LOGIN_LIMIT_PER_IP_EMAIL_UNDER_ATTACK } from "@/server/auth/login";
import { resetEnvForTests } from "@/server/env";
import { installPeerStamp, PEER_HEADER } from "@/server/http/client-ip";
import { call, expectError } from "@/test/helpers/http";
import { createUser } from "@/test/helpers/factories";
import { POST as loginRoute } from "./login/route";

// The test process plays the server: its requests carry the peer address the stamp would write.
beforeAll(() => installPeerStamp());
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

const login = (email: string, password: string, peer: string, forwardedFor?: string) =>
  call(loginRoute, {
    method: "POST",
    body: { email, password },
    headers: { [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
  });

/** The dashboard's form post, CSRF token and cookie included, as the login page sends it. */
async function dashboardSignIn(email: string, password: string, peer: string, forwardedFor?: string): Promise<string> {
  const base = "http://localhost/api/auth";
  const csrfRes = await handlers.GET(new Request(`${base}/csrf`, { headers: { [PEER_HEADER]: peer } }) as never);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await handlers.POST(
    new Request(`${base}/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        [PEER_HEADER]: peer,
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/admin" }),
    }) as never,
  );
  const location = res.headers.get("location") ?? "";
  if (res.headers.getSetCookie().some((c) => c.includes("session-token="))) return "signed-in";
  return new URL(location, base).searchParams.get("code") ?? new URL(location, base).searchParams.get("error") ?? `status ${res.status}`;
}

describe("login lockouts", () => {
  it("ignores a forged X-Forwarded-For: 100 failures from one peer behind changing addresses do not stop the owner", async () => {
    const { user, password } = await createUser();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const forged = `198.18.${Math.floor(i / 10)}.${i % 10}`;
      statuses.push((await login(user.email, "wrong-password", "203.0.113.66", forged)).status);
    }
    // The forged header bought no extra tries: one address, one budget.
    expect(statuses.slice(0, LOGIN_LIMIT_PER_IP_EMAIL).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LOGIN_LIMIT_PER_IP_EMAIL).every((s) => s === 429)).toBe(true);

    expect((await login(user.email, password, "192.0.2.10")).status).toBe(200);
    expect((await login(user.email, password, "192.0.2.10", "198.18.0.1")).status).toBe(200);
  });

  it("behind a trusted proxy, 100 failures from 100 real addresses slow strangers but let the owner in at once", async () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, 2001:db8::1";
    resetEnvForTests();
    const { user, password } = await createUser();
    const proxy = "10.1.2.3";
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) {
      expect((await login(user.email, "wrong-password", proxy, `198.18.1.${i}, 10.9.9.9`)).status).toBe(401);
    }
    // The owner, from an address of their own, through the proxy: in on the first try.
    expect((await login(user.email, password, proxy, "192.0.2.44")).status).toBe(200);
    // A new stranger now gets 3 guesses for this account, not 10.
    for (let i = 0; i < LOGIN_LIMIT_PER_IP_EMAIL_UNDER_ATTACK; i++) {
      expect((await login(user.email, "wrong-password", proxy, "198.18.2.1")).status).toBe(401);
    }
    expectError(await login(user.email, password, proxy, "198.18.2.1"), 429, "rate_limited");
    // The proxy's own address never stands in for its clients: another client is unaffected.
    expect((await login(user.email, password, proxy, "192.0.2.45")).status).toBe(200);
  });

  it("takes the client from a trusted proxy's header, and the peer itself from anyone else", async () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    resetEnvForTests();
    const { user } = await createUser();
    // An untrusted peer's header is ignored: its 10 tries are its own, whatever it claims.
    for (let i = 0; i < LOGIN_LIMIT_PER_IP_EMAIL; i++) await login(user.email, "wrong-password", "203.0.113.9", `10.0.0.${i}`);
    expectError(await login(user.email, "wrong-password", "203.0.113.9", "10.0.0.99"), 429, "rate_limited");
    expect((await login(user.email, "wrong-password", "10.0.0.1", "203.0.113.10")).status).toBe(401);
  });

  it("the dashboard sign-in: 100 failures from forged addresses, then the owner signs in at once", async () => {
    const { user, password } = await createUser({ role: "ADMIN" });
    const answers = new Set<string>();
    for (let i = 0; i < 100; i++) {
      answers.add(await dashboardSignIn(user.email, "wrong-password", "203.0.113.77", `198.18.3.${i}`));
    }
    expect([...answers].sort()).toEqual(["invalid_credentials", "rate_limited"]);
    expect(await dashboardSignIn(user.email, password, "192.0.2.20")).toBe("signed-in");
  });
});
