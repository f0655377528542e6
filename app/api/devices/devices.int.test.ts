// POST /api/devices and DELETE /api/devices/:token: registering a phone's Expo push token for the
// signed-in user — idempotent, owner-only removal, and every bad input a 4xx {error, message}.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { DELETE } from "./[token]/route";
import { POST } from "./route";

const expoToken = () => `ExponentPushToken[${uniq()}${uniq()}]`;
const register = (token: string | undefined, body: unknown) => call(POST, { method: "POST", path: "/api/devices", token, body });
const unregister = (token: string | undefined, device: string) =>
  call(DELETE, { method: "DELETE", path: `/api/devices/${encodeURIComponent(device)}`, token, params: { token: device } });

describe("POST /api/devices", () => {
  it("registers a token: 201 the first time, 200 after (same row), platform kept", async () => {
    const { user, token } = await createUser();
    const device = expoToken();
    const first = await register(token, { token: device, platform: "android" });
    expect(first.status).toBe(201);
    expect(first.body.device).toMatchObject({ token: device, platform: "android" });
    const again = await register(token, { token: device });
    expect(again.status).toBe(200);
    expect(again.body.device).toMatchObject({ token: device, platform: "android" });
    const rows = await db().pushDevice.findMany({ where: { token: device } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(user.id);
  });

  it("accepts the newer ExpoPushToken[…] spelling", async () => {
    const { token } = await createUser();
    expect((await register(token, { token: `ExpoPushToken[${uniq()}${uniq()}]`, platform: "ios" })).status).toBe(201);
  });

  it("a token registered under another account moves to the one signed in now (one phone, one owner)", async () => {
    const a = await createUser();
    const b = await createUser();
    const device = expoToken();
    expect((await register(a.token, { token: device })).status).toBe(201);
    expect((await register(b.token, { token: device })).status).toBe(200);
    expect((await db().pushDevice.findUniqueOrThrow({ where: { token: device } })).userId).toBe(b.user.id);
  });

  it("a push still queued for the phone's previous owner is dropped when another account registers it", async () => {
    const a = await createUser();
    const b = await createUser();
    const device = expoToken();
    await register(a.token, { token: device });
    await db().pushMessage.create({ data: { userId: a.user.id, token: device, kind: "payment_verified", title: "Payment", body: "for A only", dedupeKey: `test:${device}` } });
    await register(b.token, { token: device });
    expect(await db().pushMessage.findUniqueOrThrow({ where: { dedupeKey: `test:${device}` } })).toMatchObject({ status: "FAILED" });
  });

  it("ten concurrent registrations of one token make one row and no 5xx", async () => {
    const { token } = await createUser();
    const device = expoToken();
    const answers = await Promise.all(Array.from({ length: 10 }, () => register(token, { token: device })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await db().pushDevice.count({ where: { token: device } })).toBe(1);
  });

  it("a body that is not JSON → 400; not sent as JSON → 415", async () => {
    const { token } = await createUser();
    expectError(await call(POST, { method: "POST", token, body: "{", headers: { "content-type": "application/json" } }), 400);
    expectError(await register(token, "token=x"), 415);
  });

  it("anonymous → 401", async () => {
    expectError(await register(undefined, { token: expoToken() }), 401);
  });

  it.each([
    ["missing token", {}, "token"],
    ["token a number", { token: 42 }, "token"],
    ["not an Expo token", { token: "fcm:abc123" }, "token"],
    ["empty brackets", { token: "ExponentPushToken[]" }, "token"],
    ["absurdly long", { token: `ExponentPushToken[${"a".repeat(5000)}]` }, "token"],
    ["bad platform", { token: "ExponentPushToken[abcdefghijkl]", platform: "windows" }, "platform"],
    ["unknown field", { token: "ExponentPushToken[abcdefghijkl]", user_id: 1 }, undefined],
  ])("%s → 400 naming the field", async (_label, body, field) => {
    const { token } = await createUser();
    const err = expectError(await register(token, body), 400);
    if (field) expect(err.message).toContain(field);
  });
});

describe("DELETE /api/devices/:token", () => {
  it("removes the owner's token; a second delete is a 404", async () => {
    const { token } = await createUser();
    const device = expoToken();
    await register(token, { token: device });
    const res = await unregister(token, device);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ removed: true });
    expect(await db().pushDevice.count({ where: { token: device } })).toBe(0);
    expectError(await unregister(token, device), 404, "not_found");
  });

  it("another user's token is a 404 and stays registered", async () => {
    const owner = await createUser();
    const other = await createUser();
    const device = expoToken();
    await register(owner.token, { token: device });
    expectError(await unregister(other.token, device), 404, "not_found");
    expect(await db().pushDevice.count({ where: { token: device } })).toBe(1);
  });

  it("anonymous → 401; a malformed token → 400 naming it", async () => {
    const { token } = await createUser();
    expectError(await unregister(undefined, expoToken()), 401);
    expect(expectError(await unregister(token, "../../etc/passwd"), 400, "invalid_input").message).toContain("token");
  });
});
