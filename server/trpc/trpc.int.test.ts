import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { trpcError } from "@/test/helpers/trpc";
import { createTrpcContext } from "./init";
import { appRouter, createCaller } from "./root";

const asBearer = async (token: string) => createCaller(await createTrpcContext({ authorization: `Bearer ${token}` }));
const asSession = async (sessionUserId: string | null | undefined) => createCaller(await createTrpcContext({ authorization: null, sessionUserId }));


/** Through the real HTTP adapter, so the error formatter runs: SPEC's `error` code and the field in `data`. */
async function overHttp(procedure: string, options: { authorization?: string; input?: unknown; mutation?: boolean }) {
  const url = new URL(`http://localhost/api/trpc/${procedure}`);
  if (!options.mutation && options.input !== undefined) url.searchParams.set("input", JSON.stringify(options.input));
  const req = new Request(url, {
    method: options.mutation ? "POST" : "GET",
    headers: { "content-type": "application/json", ...(options.authorization ? { authorization: options.authorization } : {}) },
    body: options.mutation ? JSON.stringify(options.input) : undefined,
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTrpcContext({ authorization: options.authorization ?? null }),
  });
  return { status: res.status, body: await res.json() };
}

describe("tRPC context", () => {
  it("me.get answers the user of a bearer token", async () => {
    const { user, token } = await createUser({ plan: "VIP" });
    const me = await (await asBearer(token)).me.get();
    expect(me).toMatchObject({ id: user.id, username: user.username, email: user.email, plan: "VIP", role: "USER" });
    expect(JSON.stringify(me)).not.toMatch(/password|argon2/i);
  });

  it("me.get answers the user of a dashboard session id", async () => {
    const { user } = await createAdmin();
    expect(await (await asSession(String(user.id))).me.get()).toMatchObject({ id: user.id, role: "ADMIN" });
  });

  it("prefers the bearer token and never falls back to the session when the token is bad", async () => {
    const a = await createUser();
    const b = await createUser();
    const both = createCaller(await createTrpcContext({ authorization: `Bearer ${a.token}`, sessionUserId: String(b.user.id) }));
    expect((await both.me.get()).id).toBe(a.user.id);
    const badToken = createCaller(await createTrpcContext({ authorization: "Bearer forged.token.here", sessionUserId: String(b.user.id) }));
    expect((await trpcError(badToken.me.get())).code).toBe("UNAUTHORIZED");
  });

  it.each([
    ["no token and no session", null],
    ["a non-numeric session id", "abc"],
    ["a zero session id", "0"],
    ["a negative session id", "-3"],
    ["an unknown session id", "2147483647"],
  ])("refuses %s with UNAUTHORIZED", async (_label, sessionUserId) => {
    expect((await trpcError((await asSession(sessionUserId)).me.get())).code).toBe("UNAUTHORIZED");
  });

  it("refuses a disabled user's token and session with UNAUTHORIZED", async () => {
    const { user, token } = await createUser({ isActive: false });
    expect((await trpcError((await asBearer(token)).me.get())).code).toBe("UNAUTHORIZED");
    expect((await trpcError((await asSession(String(user.id))).me.get())).code).toBe("UNAUTHORIZED");
  });
});

describe("me.settings and me.updateSettings", () => {
  it("reads and updates the caller's own groups", async () => {
    const { user, token } = await createUser();
    const caller = await asBearer(token);
    expect(await caller.me.settings({ group: "risk" })).toMatchObject({ capital_usdt: "100", leverage: 5 });
    const updated = await caller.me.updateSettings({ group: "risk", values: { leverage: 12, capital_usdt: "250.5" } });
    expect(updated).toMatchObject({ leverage: 12, capital_usdt: "250.5", per_trade_usdt: "5" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).leverage).toBe(12);
    expect(await caller.me.subscription()).toEqual({ plan: "TRIAL", effective_plan: "TRIAL", plan_expires_at: null, role: "USER" });
  });

  it.each([
    ["an unknown group", { group: "billing", values: {} }],
    ["values that are not an object", { group: "risk", values: [1, 2] }],
    ["missing values", { group: "risk" }],
    ["a leverage out of range", { group: "risk", values: { leverage: 126 } }],
    ["a string for a number", { group: "risk", values: { max_concurrent_trades: "5" } }],
    ["a NaN-like decimal", { group: "risk", values: { capital_usdt: "NaN" } }],
    ["an unknown field", { group: "dca", values: { turbo: true } }],
    ["a tp_split not summing to 100", { group: "strategy", values: { tp_split: [10, 20] } }],
    ["per_trade_usdt above capital_usdt", { group: "risk", values: { per_trade_usdt: "1000" } }],
  ])("answers BAD_REQUEST for %s and changes nothing", async (_label, input) => {
    const { user, token } = await createUser();
    const caller = await asBearer(token);
    const before = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    const err = await trpcError(caller.me.updateSettings(input as never));
    expect(err.code).toBe("BAD_REQUEST");
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it("maps a domain error to its tRPC code: a taken username is CONFLICT", async () => {
    const a = await createUser();
    const b = await createUser();
    const err = await trpcError((await asBearer(b.token)).me.updateSettings({ group: "general", values: { username: a.user.username.toUpperCase() } }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/username/i);
  });

  it("answers UNAUTHORIZED to updateSettings without a user, before looking at the input", async () => {
    const err = await trpcError((await asSession(null)).me.updateSettings({ group: "nope", values: {} } as never));
    expect(err.code).toBe("UNAUTHORIZED");
  });
});

describe("the error formatter over HTTP", () => {
  it("names the field of a service-level validation error", async () => {
    const { token } = await createUser();
    const res = await overHttp("me.updateSettings", { authorization: `Bearer ${token}`, mutation: true, input: { group: "risk", values: { leverage: 126 } } });
    expect(res.status).toBe(400);
    expect(res.body.error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, error: "invalid_input", field: "leverage" });
    expect(res.body.error.message).toContain("leverage");
    expect(res.body.error.data.stack).toBeUndefined();
  });

  it("names the field of an input-schema error", async () => {
    const { token } = await createUser();
    const res = await overHttp("me.updateSettings", { authorization: `Bearer ${token}`, mutation: true, input: { group: "nope", values: {} } });
    expect(res.status).toBe(400);
    expect(res.body.error.data).toMatchObject({ code: "BAD_REQUEST", error: "invalid_input", field: "group" });
  });

  it("answers a username conflict with 409 and SPEC's conflict code", async () => {
    const a = await createUser();
    const b = await createUser();
    const res = await overHttp("me.updateSettings", {
      authorization: `Bearer ${b.token}`,
      mutation: true,
      input: { group: "general", values: { username: a.user.username } },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.data).toMatchObject({ code: "CONFLICT", error: "conflict", field: "username" });
  });

  it("answers a signed-in query with the data", async () => {
    const { user, token } = await createUser();
    const res = await overHttp("me.settings", { authorization: `Bearer ${token}`, input: { group: "general" } });
    expect(res.status).toBe(200);
    expect(res.body.result.data.username).toBe(user.username);
  });

  // init.ts's errorFormatter runs toAppError(error.cause ?? error); a TRPCError thrown by
  // protectedProcedure has no cause, so it falls into toAppError's "unknown error" branch.
  it("labels UNAUTHORIZED with SPEC's unauthorized code, not internal_error", async () => {
    const res = await overHttp("me.get", {});
    expect(res.status).toBe(401);
    expect(res.body.error.data.code).toBe("UNAUTHORIZED");
    expect(res.body.error.data.error).toBe("unauthorized");
  });

  it("labels tRPC's own 415 (a body that is not JSON) unsupported_media_type, as REST does", async () => {
    const req = new Request("http://localhost/api/trpc/me.updateSettings", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createTrpcContext({ authorization: null }) });
    const body = await res.json();
    expect(res.status).toBe(415);
    expect(body.error.data).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", error: "unsupported_media_type" });
  });
});
