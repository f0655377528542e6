// Partner administration (SPEC §10) through the real route handlers: CRUD, case-insensitive
// unique codes, derived referrals and earnings, and the referral link made at registration.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as registerRoute } from "@/app/api/auth/register/route";
import { POST as initiateRoute } from "@/app/api/payments/usdt/initiate/route";
import { POST as verifyRoute } from "@/app/api/payments/usdt/verify/route";
import { db } from "@/server/db/client";
import { call, expectError } from "@/test/helpers/http";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { configurePayments, recordJobEvents, txHash } from "@/test/helpers/payments";
import * as one from "./[id]/route";
import * as all from "./route";

let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  configurePayments();
  admin = await createAdmin();
});
beforeEach(() => void recordJobEvents());

const code = () => `Code_${uniq()}`;
const create = (body: unknown, token = admin.token) => call(all.POST, { method: "POST", path: "/api/admin/partners", token, body });
const list = (query = "", token = admin.token) => call(all.GET, { path: `/api/admin/partners${query}`, token });
const get = (id: number | string, token = admin.token) => call(one.GET, { params: { id: String(id) }, token });
const update = (id: number | string, body: unknown, token = admin.token) => call(one.PUT, { method: "PUT", params: { id: String(id) }, token, body });
const remove = (id: number | string, token = admin.token) => call(one.DELETE, { method: "DELETE", params: { id: String(id) }, token });

async function registerWith(ref: string) {
  const tag = uniq();
  const res = await call(registerRoute, { method: "POST", body: { username: `ref_${tag}`, email: `ref_${tag}@example.test`, password: "correct horse battery", ref } });
  expect(res.status).toBe(201);
  return res.body.user as { id: number; email: string };
}

async function paidAndVerified(email: string, plan = "VIP") {
  const hash = txHash();
  expect((await call(initiateRoute, { method: "POST", body: { email, plan, tx_hash: hash, network: "TRC20" } })).status).toBe(201);
  expect((await call(verifyRoute, { method: "POST", token: admin.token, body: { tx_hash: hash } })).status).toBe(200);
}

describe("/api/admin/partners", () => {
  it("creates a partner with a lower-cased code and zero figures (201)", async () => {
    const c = code();
    const res = await create({ name: "Alice Affiliates", telegram_handle: "@alice_aff", email: "Alice@Example.test", referral_code: c });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Alice Affiliates",
      telegram_handle: "alice_aff",
      email: "alice@example.test",
      referral_code: c.toLowerCase(),
      total_referrals: 0,
      paid_referrals: 0,
      earnings: "0",
    });
    expect(await db().auditEvent.count({ where: { target: `partner:${res.body.id}`, action: "partner.create" } })).toBe(1);
    expect((await get(res.body.id)).body).toEqual(res.body);
  });

  it("refuses a duplicate code in any case (409), also when two creations race", async () => {
    const c = code();
    expect((await create({ name: "First", referral_code: c })).status).toBe(201);
    const dup = expectError(await create({ name: "Second", referral_code: c.toUpperCase() }), 409, "conflict");
    expect(dup.field).toBe("referral_code");

    const racing = code();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => create({ name: `Racer ${i}`, referral_code: i % 2 ? racing : racing.toUpperCase() })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await db().partner.count({ where: { referralCode: racing.toLowerCase() } })).toBe(1);
  });

  it.each([
    [{ referral_code: "abcde" }, "name"],
    [{ name: "", referral_code: "abcde" }, "name"],
    [{ name: "N" }, "referral_code"],
    [{ name: "N", referral_code: "ab" }, "referral_code"],
    [{ name: "N", referral_code: "has space" }, "referral_code"],
    [{ name: "N", referral_code: "x".repeat(33) }, "referral_code"],
    [{ name: "N", referral_code: "abcde", email: "nope" }, "email"],
    [{ name: "N", referral_code: "abcde", telegram_handle: "a b" }, "telegram_handle"],
    [{ name: "N", referral_code: "abcde", bonus: 5 }, "bonus"],
  ])("400 naming the field for %j, nothing written", async (body, field) => {
    expect(expectError(await create(body), 400, "invalid_input").field).toBe(field);
    expect(await db().partner.count({ where: { OR: [{ referralCode: "abcde" }, { name: "N" }] } })).toBe(0);
  });

  it("is admin only: 401 without a token, 403 for a subscriber", async () => {
    const user = await createUser({ plan: "PREMIUM" });
    const { body: partner } = await create({ name: "Guarded", referral_code: code() });
    expectError(await call(all.GET, { path: "/api/admin/partners" }), 401, "unauthorized");
    expectError(await list("", user.token), 403, "forbidden");
    expectError(await create({ name: "X", referral_code: code() }, user.token), 403, "forbidden");
    expectError(await get(partner.id, user.token), 403, "forbidden");
    expectError(await update(partner.id, { name: "Hacked" }, user.token), 403, "forbidden");
    expectError(await remove(partner.id, user.token), 403, "forbidden");
    expect((await get(partner.id)).body.name).toBe("Guarded");
  });

  it("updates any subset; a taken code is 409; unknown id 404; bad id 400; empty body 400", async () => {
    const a = (await create({ name: "A", referral_code: code() })).body;
    const b = (await create({ name: "B", referral_code: code() })).body;
    const res = await update(a.id, { name: "A2", telegram_handle: null, referral_code: "NEW_" + a.referral_code });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, name: "A2", telegram_handle: null, referral_code: `new_${a.referral_code}` });
    expectError(await update(a.id, { referral_code: b.referral_code.toUpperCase() }), 409, "conflict");
    expect((await get(a.id)).body.referral_code).toBe(`new_${a.referral_code}`);
    expectError(await update(2_147_483_647, { name: "Nobody" }), 404, "not_found");
    expect(expectError(await update("abc", { name: "x" }), 400, "invalid_input").field).toBe("id");
    expectError(await update(a.id, {}), 400, "invalid_input");
    expectError(await get(2_147_483_647), 404, "not_found");
  });

  it("lists newest first with search and pagination", async () => {
    const tag = uniq();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create({ name: `Listed ${tag} ${i}`, referral_code: `l${i}_${tag}` })).body.id);
    const page1 = await list(`?q=${tag}&per_page=2`);
    expect(page1.body).toMatchObject({ total: 3, page: 1, per_page: 2 });
    expect(page1.body.partners.map((p: any) => p.id)).toEqual([ids[2], ids[1]]);
    expect((await list(`?q=${tag}&per_page=2&page=2`)).body.partners.map((p: any) => p.id)).toEqual([ids[0]]);
    expect((await list(`?q=${tag.toUpperCase()}`)).body.total).toBe(3);
    expect((await list(`?q=%25`)).body.partners.every((p: any) => p.name.includes("%") || p.referral_code.includes("%") || (p.email ?? "").includes("%"))).toBe(true);
    expect(expectError(await list("?per_page=0"), 400).field).toBe("per_page");
  });
});

describe("referrals and earnings (derived)", () => {
  it("registration with the code in any case links the user; the first paid plan earns the credit once", async () => {
    const c = code();
    const partner = (await create({ name: "Earner", referral_code: c })).body;
    const first = await registerWith(c.toUpperCase());
    const second = await registerWith(c);
    await registerWith(c.toLowerCase());
    expect((await db().user.findUniqueOrThrow({ where: { id: first.id } })).referredByPartnerId).toBe(partner.id);

    await paidAndVerified(first.email);
    await paidAndVerified(first.email, "PREMIUM");
    await paidAndVerified(second.email, "PREMIUM");

    const after = (await get(partner.id)).body;
    expect(after).toMatchObject({ total_referrals: 3, paid_referrals: 2, earnings: "20" });
    const listed = (await list(`?q=${c}`)).body.partners[0];
    expect(listed).toMatchObject({ id: partner.id, total_referrals: 3, paid_referrals: 2, earnings: "20" });
  });

  it("an unknown ref is refused at registration (400)", async () => {
    const res = await call(registerRoute, { method: "POST", body: { username: `u_${uniq()}`, email: `u_${uniq()}@example.test`, password: "correct horse battery", ref: "no-such-code" } });
    expect(expectError(res, 400, "invalid_input").field).toBe("ref");
  });

  it("a partner with credits cannot be deleted (409); one without can, and its users stay, unlinked", async () => {
    const earning = (await create({ name: "Keeps", referral_code: code() })).body;
    const referred = await registerWith(earning.referral_code);
    await paidAndVerified(referred.email);
    const err = expectError(await remove(earning.id), 409, "conflict");
    expect(err.message).toMatch(/credit/);
    expect((await get(earning.id)).body.paid_referrals).toBe(1);

    const idle = (await create({ name: "Idle", referral_code: code() })).body;
    const user = await registerWith(idle.referral_code);
    const res = await remove(idle.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, id: idle.id });
    expectError(await get(idle.id), 404, "not_found");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).referredByPartnerId).toBeNull();
    expectError(await remove(idle.id), 404, "not_found");
  });
});
