import { ApiError, errorMessage } from "./errors";
import { getMe, listSignals, register, signIn } from "./endpoints";
import { createApiClient } from "./http";
import { memoryTokenStore } from "./token-store";
import { API_KEY, fakePlatform, makeSignal, makeUser, type TRecorded } from "../../test/fake-platform";

const BASE = "http://platform.test";
const bearer = (r: TRecorded) => r.headers.authorization;

function setup(routes: Parameters<typeof fakePlatform>[0], tokens = memoryTokenStore({ accessToken: "a1", refreshToken: "r1" })) {
  const platform = fakePlatform(routes);
  const client = createApiClient({ baseUrl: BASE, apiKey: API_KEY, tokens, fetch: platform.fetch });
  const ended = jest.fn();
  client.onSessionEnded(ended);
  return { platform, client, tokens, ended };
}

describe("the API client", () => {
  it("sends X-API-KEY and the bearer token on every call", async () => {
    const { client, platform } = setup({ "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser() } }) });
    await expect(getMe(client)).resolves.toMatchObject({ username: "alice" });
    expect(platform.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
    expect(bearer(platform.requests[0]!)).toBe("Bearer a1");
  });

  it("refreshes once on a 401, stores the rotated pair and retries the call", async () => {
    const { client, platform, tokens, ended } = setup({
      "GET /api/auth/me": (r) => (bearer(r) === "Bearer a2" ? { status: 200, body: { user: makeUser() } } : { status: 401, body: { error: "invalid_token", message: "Token expired" } }),
      "POST /api/auth/refresh": (r) =>
        (r.body as { refresh_token: string }).refresh_token === "r1"
          ? { status: 200, body: { access_token: "a2", refresh_token: "r2", token_type: "Bearer", expires_in: 3600, user: makeUser() } }
          : { status: 401, body: { error: "invalid_token", message: "spent" } },
    });
    await expect(getMe(client)).resolves.toMatchObject({ id: 7 });
    expect(platform.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/auth/me", "POST /api/auth/refresh", "GET /api/auth/me"]);
    expect(platform.requests[1]?.headers["x-api-key"]).toBe(API_KEY);
    expect(tokens.current()).toEqual({ accessToken: "a2", refreshToken: "r2" });
    expect(ended).not.toHaveBeenCalled();
  });

  it("shares one refresh between parallel calls, so the spent refresh token is never sent twice", async () => {
    const { client, platform } = setup({
      "GET /api/signals": (r) => (bearer(r) === "Bearer a2" ? { status: 200, body: { signals: [makeSignal()], next_cursor: null } } : { status: 401, body: { error: "invalid_token", message: "expired" } }),
      "POST /api/auth/refresh": () => ({ status: 200, body: { access_token: "a2", refresh_token: "r2" } }),
    });
    const pages = await Promise.all([listSignals(client, {}), listSignals(client, {}), listSignals(client, {})]);
    expect(pages.every((p) => p.signals.length === 1)).toBe(true);
    expect(platform.requests.filter((r) => r.path === "/api/auth/refresh")).toHaveLength(1);
  });

  it("signs out when the server refuses the refresh", async () => {
    const { client, tokens, ended } = setup({
      "GET /api/auth/me": () => ({ status: 401, body: { error: "invalid_token", message: "expired" } }),
      "POST /api/auth/refresh": () => ({ status: 401, body: { error: "invalid_token", message: "Refresh token was already used" } }),
    });
    const error = await getMe(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("session_ended");
    expect(tokens.current()).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it("signs out when the retried call is still refused", async () => {
    const { client, tokens, ended, platform } = setup({
      "GET /api/auth/me": () => ({ status: 401, body: { error: "unauthorized", message: "no" } }),
      "POST /api/auth/refresh": () => ({ status: 200, body: { access_token: "a2", refresh_token: "r2" } }),
    });
    await expect(getMe(client)).rejects.toMatchObject({ code: "session_ended" });
    expect(platform.requests).toHaveLength(3);
    expect(tokens.current()).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it("keeps the session when the refresh cannot reach the server", async () => {
    const platform = fakePlatform({ "GET /api/auth/me": () => ({ status: 401, body: { error: "invalid_token", message: "expired" } }) });
    const tokens = memoryTokenStore({ accessToken: "a1", refreshToken: "r1" });
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: API_KEY,
      tokens,
      fetch: (input, init) => (input.endsWith("/api/auth/refresh") ? Promise.reject(new TypeError("Network request failed")) : platform.fetch(input, init)),
    });
    await expect(getMe(client)).rejects.toMatchObject({ code: "network_error", status: 0 });
    expect(tokens.current()).toEqual({ accessToken: "a1", refreshToken: "r1" });
  });

  it("surfaces the server's error message, code and field", async () => {
    const { client } = setup({
      "POST /api/auth/register": () => ({ status: 409, body: { error: "conflict", message: "That email is already registered", field: "email" } }),
    });
    const error = (await register(client, { username: "bob", email: "bob@example.com", password: "password1" }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 409, code: "conflict", field: "email", message: "That email is already registered" });
    expect(errorMessage(error)).toBe("That email is already registered");
  });

  it("reads Retry-After on 429 and falls back to its own message when the body has none", async () => {
    const { client } = setup({ "POST /api/auth/login": () => ({ status: 429, body: "", headers: { "Retry-After": "120" } }) });
    const error = (await signIn(client, { email: "a@b.co", password: "x" }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(error.message).toMatch(/too many attempts/i);
  });

  it("does not refresh on a failed sign-in (a 401 there means wrong password)", async () => {
    const { client, platform, tokens } = setup(
      { "POST /api/auth/login": () => ({ status: 401, body: { error: "invalid_credentials", message: "Invalid email or password" } }) },
      memoryTokenStore(),
    );
    await expect(signIn(client, { email: "a@b.co", password: "nope" })).rejects.toThrow("Invalid email or password");
    expect(platform.requests).toHaveLength(1);
    expect(platform.requests[0]?.headers.authorization).toBeUndefined();
    expect(tokens.current()).toBeNull();
  });

  it("stores the session on sign-in and sends the referral code on register", async () => {
    const session = { access_token: "a9", refresh_token: "r9", token_type: "Bearer", expires_in: 3600, user: makeUser() };
    const { client, platform, tokens } = setup({ "POST /api/auth/register": () => ({ status: 201, body: session }) }, memoryTokenStore());
    await register(client, { username: "alice", email: "alice@example.com", password: "password1", ref: " PARTNER1 " });
    expect(platform.requests[0]?.body).toEqual({ username: "alice", email: "alice@example.com", password: "password1", ref: "PARTNER1" });
    expect(platform.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
    expect(tokens.current()).toEqual({ accessToken: "a9", refreshToken: "r9" });
  });

  it("rejects a response of the wrong shape instead of passing it on", async () => {
    const { client } = setup({ "GET /api/signals": () => ({ status: 200, body: { signals: [{ id: 1 }] } }) });
    await expect(listSignals(client, {})).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("reports an unreachable server as a network error", async () => {
    const client = createApiClient({ baseUrl: BASE, apiKey: API_KEY, tokens: memoryTokenStore({ accessToken: "a", refreshToken: "r" }), fetch: () => Promise.reject(new TypeError("Network request failed")) });
    await expect(getMe(client)).rejects.toMatchObject({ code: "network_error", message: expect.stringMatching(/cannot reach/i) as unknown });
  });

  it("asks for sign-in without calling the server when no session is stored", async () => {
    const { client, platform } = setup({}, memoryTokenStore());
    await expect(getMe(client)).rejects.toMatchObject({ code: "session_ended" });
    expect(platform.requests).toHaveLength(0);
  });

  it("sends the feed cursor and limit as query parameters", async () => {
    const { client, platform } = setup({ "GET /api/signals": () => ({ status: 200, body: { signals: [], next_cursor: null } }) });
    await listSignals(client, { cursor: "abc", limit: 50 });
    expect(platform.requests[0]?.query.get("cursor")).toBe("abc");
    expect(platform.requests[0]?.query.get("limit")).toBe("50");
  });
});
