// The USDT payment API end to end through the real route handlers and PostgreSQL: plans,
// initiate (and every bad input), the status views, the admin's verify/reject, stacking,
// partner credits, outbox messages, and the races (20 submissions of one hash, confirm vs reject).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { installPeerStamp, PEER_HEADER } from "@/server/http/client-ip";
import { setEventDispatcher } from "@/server/jobs/events";
import { call, expectError, type TResult, untilAnswered } from "@/test/helpers/http";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { anonymousSubmitter, configurePayments, outboxFor, recordJobEvents, snapshotOf, txHash } from "@/test/helpers/payments";
import { GET as plansRoute } from "../plans/route";
import { GET as paymentRoute } from "./[id]/route";
import { GET as myPaymentsRoute } from "./me/route";
import { POST as initiateRoute } from "./usdt/initiate/route";
import { POST as rejectRoute } from "./usdt/reject/route";
import { POST as verifyRoute } from "./usdt/verify/route";

const DAY = 86_400_000;
let config: ReturnType<typeof configurePayments>;
beforeAll(() => {
  config = configurePayments();
  installPeerStamp();
});
// Every test emits job events (payment/submitted, outbox kicks): a recording dispatcher takes them.
beforeEach(() => void recordJobEvents());
afterEach(() => setEventDispatcher(undefined));

/** Anonymous, each from an address of its own (the per-address limit has its own tests). */
const initiate = (body: unknown, token?: string) =>
  call(initiateRoute, { method: "POST", path: "/api/payments/usdt/initiate", body, token, headers: { [PEER_HEADER]: anonymousSubmitter().ip } });
const verify = (token: string | undefined, body: unknown) => call(verifyRoute, { method: "POST", path: "/api/payments/usdt/verify", token, body });
const reject = (token: string | undefined, body: unknown) => call(rejectRoute, { method: "POST", path: "/api/payments/usdt/reject", token, body });
const getPayment = (id: string, token?: string) => call(paymentRoute, { path: `/api/payments/${id}`, params: { id }, token });

async function submitted(plan: "VIP" | "PREMIUM" = "VIP", overrides: Parameters<typeof createUser>[0] = {}) {
  const { user, token } = await createUser(overrides);
  const hash = txHash();
  const res = await initiate({ email: user.email, plan, tx_hash: hash, network: "TRC20" });
  expect(res.status).toBe(201);
  return { user, token, hash, id: res.body.payment.id as string };
}

describe("GET /api/plans", () => {
  it("answers the paid plans with prices from config, the address, the network and 30 days", async () => {
    const res = await call(plansRoute, { path: "/api/plans" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currency: "USDT", network: "TRC20", address: config.USDT_TRC20_ADDRESS, usdt_contract: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t" });
    expect(res.body.plans.map((p: any) => [p.plan, p.price_usdt, p.days])).toEqual([
      ["VIP", "49", 30],
      ["PREMIUM", "99", 30],
    ]);
  });
});

describe("POST /api/payments/usdt/initiate", () => {
  it("records a PENDING payment at the plan's price and starts verification", async () => {
    const events = recordJobEvents();
    const { user } = await createUser();
    const hash = txHash();
    const res = await initiate({ email: user.email.toUpperCase(), plan: "PREMIUM", tx_hash: hash, network: "TRC20" });

    expect(res.status).toBe(201);
    expect(res.body.message).toMatch(/pending verification/i);
    expect(res.body.payment).toMatchObject({ status: "PENDING", plan: "PREMIUM", network: "TRC20", expected_amount: "99", paid_amount: null, reason: null, tx_hash: hash });
    expect(res.body.pay_to).toEqual({ address: config.USDT_TRC20_ADDRESS, network: "TRC20", currency: "USDT", amount: "99" });
    // The anonymous answer does not name the account.
    expect(res.body.payment).not.toHaveProperty("email");
    expect(res.body.payment).not.toHaveProperty("username");
    const row = await db().payment.findUniqueOrThrow({ where: { id: res.body.payment.id } });
    expect(row).toMatchObject({ userId: user.id, status: "PENDING", txHash: hash, checkAttempts: 0 });
    expect(row.expectedAmount.toString()).toBe("99");
    expect(row.checkDeadline!.getTime() - row.createdAt.getTime()).toBe(DAY);
    expect(events).toEqual([{ name: "payment/submitted", id: `payment-submitted-${row.id}`, data: { paymentId: row.id } }]);
  });

  it.each([
    ["0x prefix, upper case", (h: string) => `0x${h.toUpperCase()}`, "trc20"],
    ["spaces around, 0X prefix", (h: string) => `  0X${h}  `, "TRC-20"],
    ["plain", (h: string) => h, " Trc_20 "],
  ])("normalises the hash and the network (%s)", async (_name, shape, network) => {
    const { user } = await createUser();
    const hash = txHash();
    const res = await initiate({ email: user.email, plan: "vip", tx_hash: shape(hash), network });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({ tx_hash: hash, plan: "VIP", network: "TRC20" });
  });

  it("refuses a hash that was already submitted, in any spelling, by anyone (409)", async () => {
    const { hash, user } = await submitted();
    const other = await createUser();
    const before = await snapshotOf(other.user.id);
    for (const spelling of [hash, hash.toUpperCase(), `0x${hash}`]) {
      const err = expectError(await initiate({ email: other.user.email, plan: "VIP", tx_hash: spelling, network: "TRC20" }), 409, "conflict");
      expect(err.message).toMatch(/already submitted/);
      expect(err.field).toBe("tx_hash");
    }
    expect(await snapshotOf(other.user.id)).toEqual(before);
    expect(await db().payment.count({ where: { txHash: hash } })).toBe(1);
    expect((await db().payment.findFirstOrThrow({ where: { txHash: hash } })).userId).toBe(user.id);
  });

  it("20 parallel submissions of one hash: exactly one row, one 201 and nineteen 409", async () => {
    const users: Awaited<ReturnType<typeof createUser>>[] = [];
    for (let i = 0; i < 4; i++) users.push(await createUser());
    const hash = txHash();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        untilAnswered(() => initiate({ email: users[i % 4]!.user.email, plan: i % 2 ? "VIP" : "PREMIUM", tx_hash: i % 3 ? hash : hash.toUpperCase(), network: "TRC20" })),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expectError(r, 409, "conflict");
    expect(await db().payment.count({ where: { txHash: hash } })).toBe(1);
  });

  describe("bad input: a clear 4xx with {error, message}, and nothing written", () => {
    const cases: [string, (email: string) => unknown, number, string, string?][] = [
      ["an unknown plan", (email) => ({ email, plan: "GOLD", tx_hash: txHash(), network: "TRC20" }), 400, "invalid_input", "plan"],
      ["TRIAL as a paid plan", (email) => ({ email, plan: "TRIAL", tx_hash: txHash(), network: "TRC20" }), 400, "invalid_input", "plan"],
      ["a plan that is not a string", (email) => ({ email, plan: 1, tx_hash: txHash(), network: "TRC20" }), 400, "invalid_input", "plan"],
      ["a 63-character hash", (email) => ({ email, plan: "VIP", tx_hash: txHash().slice(1), network: "TRC20" }), 400, "invalid_input", "tx_hash"],
      ["a 65-character hash", (email) => ({ email, plan: "VIP", tx_hash: txHash() + "a", network: "TRC20" }), 400, "invalid_input", "tx_hash"],
      ["a non-hex hash", (email) => ({ email, plan: "VIP", tx_hash: "g".repeat(64), network: "TRC20" }), 400, "invalid_input", "tx_hash"],
      ["an empty hash", (email) => ({ email, plan: "VIP", tx_hash: "", network: "TRC20" }), 400, "invalid_input", "tx_hash"],
      ["a hash with a space inside", (email) => ({ email, plan: "VIP", tx_hash: `${txHash().slice(0, 32)} ${txHash().slice(0, 32)}`, network: "TRC20" }), 400, "invalid_input", "tx_hash"],
      ["network ERC20", (email) => ({ email, plan: "VIP", tx_hash: txHash(), network: "ERC20" }), 400, "invalid_input", "network"],
      ["network BEP20", (email) => ({ email, plan: "VIP", tx_hash: txHash(), network: "BEP20" }), 400, "invalid_input", "network"],
      ["no network", (email) => ({ email, plan: "VIP", tx_hash: txHash() }), 400, "invalid_input", "network"],
      ["a malformed email", () => ({ email: "not-an-email", plan: "VIP", tx_hash: txHash(), network: "TRC20" }), 400, "invalid_input", "email"],
      ["a JSON array", () => [], 400, "invalid_input"],
    ];

    it.each(cases)("%s", async (_name, body, status, error, field) => {
      const events = recordJobEvents();
      const { user } = await createUser();
      const payload = body(user.email);
      const before = await snapshotOf(user.id);
      const err = expectError(await initiate(payload), status, error);
      if (field) expect(err.field).toBe(field);
      if (field) expect(err.message).toContain(field);
      expect(await snapshotOf(user.id)).toEqual(before);
      const hash = (payload as { tx_hash?: unknown }).tx_hash;
      if (typeof hash === "string" && hash) expect(await db().payment.count({ where: { txHash: { in: [hash, hash.toLowerCase()] } } })).toBe(0);
      expect(events).toEqual([]);
    });

    it("TRIAL says why it cannot be paid for", async () => {
      const { user } = await createUser();
      expect(expectError(await initiate({ email: user.email, plan: "TRIAL", tx_hash: txHash(), network: "TRC20" }), 400).message).toMatch(/TRIAL is free/);
    });

    it("a body that is not JSON is 400", async () => {
      const res = await call(initiateRoute, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
      expectError(res, 400, "invalid_json");
    });

    it("a disabled account answers like an unknown email: 201, a payment of no one, the account untouched", async () => {
      const { user } = await createUser({ isActive: false });
      const before = await snapshotOf(user.id);
      const res = await initiate({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" });
      expect(res.status).toBe(201);
      expect(await db().payment.findUniqueOrThrow({ where: { id: res.body.payment.id } })).toMatchObject({ userId: null, submittedEmail: user.email });
      expect(await snapshotOf(user.id)).toEqual(before);
    });
  });

  it("caps a signed-in account at 5 of its own payments waiting for verification (429, nothing written); a decided one frees a slot", async () => {
    const { user, token } = await createUser();
    const hashes = Array.from({ length: 5 }, () => txHash());
    for (const h of hashes) expect((await initiate({ email: user.email, plan: "VIP", tx_hash: h, network: "TRC20" }, token)).status).toBe(201);
    const before = await snapshotOf(user.id);
    const res = await initiate({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }, token);
    expect(expectError(res, 429, "rate_limited").message).toMatch(/5 payments waiting/);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(await snapshotOf(user.id)).toEqual(before);

    const admin = await createAdmin();
    expect((await reject(admin.token, { tx_hash: hashes[0]!, reason: "duplicate" })).status).toBe(200);
    expect((await initiate({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }, token)).status).toBe(201);
  });

  it("requires the app's X-API-KEY when MOBILE_API_KEY is set", async () => {
    const { user } = await createUser();
    configurePayments({ MOBILE_API_KEY: "app-key-test" });
    try {
      expectError(await initiate({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }), 401, "invalid_api_key");
      const ok = await call(initiateRoute, { method: "POST", body: { email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }, headers: { "x-api-key": "app-key-test" } });
      expect(ok.status).toBe(201);
    } finally {
      delete process.env.MOBILE_API_KEY;
      config = configurePayments();
    }
  });
});

describe("GET /api/payments/:id and /api/payments/me", () => {
  it("without a token: the status view only (the id is the capability)", async () => {
    const { id } = await submitted("PREMIUM");
    const res = await getPayment(id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ["confirmed_at", "created_at", "expected_amount", "id", "network", "overpaid_by", "paid_amount", "plan", "reason", "rejected_at", "status", "valid_till"],
    );
    expect(res.body).toMatchObject({ id, status: "PENDING", plan: "PREMIUM", expected_amount: "99" });
  });

  it("the owner and an admin get the full payment; another user 403; a bad token 401", async () => {
    const { id, token, user, hash } = await submitted();
    const owner = await getPayment(id, token);
    expect(owner.body).toMatchObject({ id, user_id: user.id, email: user.email, username: user.username, tx_hash: hash, status: "PENDING", check_attempts: 0 });
    const admin = await createAdmin();
    expect((await getPayment(id, admin.token)).body).toMatchObject({ id, email: user.email });
    const other = await createUser();
    expectError(await getPayment(id, other.token), 403, "forbidden");
    expectError(await getPayment(id, "forged.token.value"), 401);
  });

  it("400 for an id that is not a UUID, 404 for an unknown one", async () => {
    expect(expectError(await getPayment("123"), 400, "invalid_input").field).toBe("id");
    expectError(await getPayment("6f1c1e7e-3a57-4c0e-9d1f-2f7c0b5a9e11"), 404, "not_found");
  });

  it("/me lists the caller's own payments, newest first; 401 without a token", async () => {
    const a = await submitted();
    const second = await initiate({ email: a.user.email, plan: "PREMIUM", tx_hash: txHash(), network: "TRC20" });
    await submitted(); // someone else's
    const res = await call(myPaymentsRoute, { path: "/api/payments/me", token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.payments.map((p: any) => p.id)).toEqual([second.body.payment.id, a.id]);
    expectError(await call(myPaymentsRoute, { path: "/api/payments/me" }), 401, "unauthorized");
  });
});

describe("POST /api/payments/usdt/verify (admin)", () => {
  it("confirms: plan active 30 days, outbox to VIP and admin chats, user notified, audited", async () => {
    const events = recordJobEvents();
    const { id, hash, user, token } = await submitted("VIP");
    const admin = await createAdmin();
    const started = Date.now();

    const res = await verify(admin.token, { tx_hash: `0x${hash.toUpperCase()}` });

    expect(res.status).toBe(200);
    expect(res.body.message).toBe("✅ Payment Verified – Plan Activated");
    expect(res.body.payment).toMatchObject({ id, status: "CONFIRMED", paid_amount: "49", reason: null, reviewed_by_id: admin.user.id });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.plan).toBe("VIP");
    expect(after.planExpiresAt!.getTime()).toBeGreaterThanOrEqual(started + 30 * DAY - 1000);
    expect(after.planExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect(res.body.payment.valid_till).toBe(after.planExpiresAt!.toISOString());

    const outbox = await outboxFor(`payment-confirmed:${id}`);
    expect(outbox.map((m) => [m.target, m.kind])).toEqual([
      [config.VIP_CHAT_ID, "vip_activated"],
      [config.ADMIN_CHAT_ID, "vip_activated"],
    ]);
    const validTill = `${after.planExpiresAt!.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    expect(outbox[0]!.body).toBe(`🎉 New VIP Activated!\n👤 User: ${user.username}\n💎 Plan: VIP\n⏳ Valid Till: ${validTill}`);
    expect(outbox[0]!.body).not.toContain(user.email);
    expect(outbox[1]!.body).toContain(user.email);
    expect(outbox[1]!.body).toContain(hash);
    expect(events.map((e) => e.name)).toContain("notifications/outbox.pending");

    const notes = await db().userNotification.findMany({ where: { userId: user.id } });
    expect(notes.map((n) => [n.kind, n.title])).toEqual([["payment_confirmed", "✅ Payment Verified – Plan Activated"]]);
    const audit = await db().auditEvent.findMany({ where: { target: `payment:${id}` } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["payment.verify", admin.user.id]]);
    // The status view the page polls says so too.
    expect((await getPayment(id)).body).toMatchObject({ status: "CONFIRMED", valid_till: after.planExpiresAt!.toISOString() });
    expect((await getPayment(id, token)).body.status).toBe("CONFIRMED");
  });

  it("escapes HTML in the username of the announcement", async () => {
    const { id, hash, user } = await submitted();
    await db().user.update({ where: { id: user.id }, data: { username: `a<b>&c_${uniq()}` } });
    const admin = await createAdmin();
    expect((await verify(admin.token, { tx_hash: hash })).status).toBe(200);
    const [vip] = await outboxFor(`payment-confirmed:${id}`);
    expect(vip!.body).toContain("👤 User: a&lt;b&gt;&amp;c_");
  });

  it("refuses a non-admin (403) and an anonymous caller (401); nothing changes", async () => {
    const { hash, user, token } = await submitted();
    const before = await snapshotOf(user.id);
    expectError(await verify(token, { tx_hash: hash }), 403, "forbidden");
    const premium = await createUser({ plan: "PREMIUM" });
    expectError(await verify(premium.token, { tx_hash: hash }), 403, "forbidden");
    expectError(await verify(undefined, { tx_hash: hash }), 401, "unauthorized");
    expect(await snapshotOf(user.id)).toEqual(before);
  });

  it("verifying a confirmed payment again is 409 and changes nothing (no second credit, message or day)", async () => {
    const partner = await db().partner.create({ data: { name: "P", referralCode: `p${uniq()}` } });
    const { hash, user } = await submitted("VIP");
    await db().user.update({ where: { id: user.id }, data: { referredByPartnerId: partner.id } });
    const admin = await createAdmin();
    expect((await verify(admin.token, { tx_hash: hash })).status).toBe(200);
    const before = await snapshotOf(user.id);
    expect(before.credits).toHaveLength(1);

    const err = expectError(await verify(admin.token, { tx_hash: hash }), 409, "conflict");
    expect(err.message).toMatch(/already confirmed/);
    expect(await snapshotOf(user.id)).toEqual(before);
  });

  it("verifying a rejected payment is 409 and changes nothing", async () => {
    const { hash, user } = await submitted();
    const admin = await createAdmin();
    expect((await reject(admin.token, { tx_hash: hash, reason: "No such transfer" })).status).toBe(200);
    const before = await snapshotOf(user.id);
    expect(expectError(await verify(admin.token, { tx_hash: hash }), 409, "conflict").message).toMatch(/already rejected/);
    expect(await snapshotOf(user.id)).toEqual(before);
    expect(before.user.plan).toBe("TRIAL");
  });

  it("400 for a malformed hash, 404 for an unknown one", async () => {
    const admin = await createAdmin();
    expect(expectError(await verify(admin.token, { tx_hash: "abc" }), 400, "invalid_input").field).toBe("tx_hash");
    expect(expectError(await verify(admin.token, {}), 400, "invalid_input").field).toBe("tx_hash");
    expectError(await verify(admin.token, { tx_hash: txHash() }), 404, "not_found");
  });
});

describe("POST /api/payments/usdt/reject (admin)", () => {
  it("rejects with the reason the user sees, audited, plan untouched", async () => {
    const { id, hash, user } = await submitted();
    const admin = await createAdmin();
    const res = await reject(admin.token, { tx_hash: hash, reason: "Sent on the wrong network" });
    expect(res.status).toBe(200);
    expect(res.body.payment).toMatchObject({ id, status: "REJECTED", reason: "Sent on the wrong network" });
    expect((await getPayment(id)).body).toMatchObject({ status: "REJECTED", reason: "Sent on the wrong network" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan).toBe("TRIAL");
    const notes = await db().userNotification.findMany({ where: { userId: user.id } });
    expect(notes.map((n) => n.kind)).toEqual(["payment_rejected"]);
    expect(notes[0]!.body).toContain("Sent on the wrong network");
    expect((await db().auditEvent.findMany({ where: { target: `payment:${id}` } })).map((a) => a.action)).toEqual(["payment.reject"]);
  });

  it.each([
    ["no reason", (h: string) => ({ tx_hash: h }), "reason"],
    ["an empty reason", (h: string) => ({ tx_hash: h, reason: "   " }), "reason"],
    ["a 501-character reason", (h: string) => ({ tx_hash: h, reason: "x".repeat(501) }), "reason"],
    ["a malformed hash", () => ({ tx_hash: "xyz", reason: "r" }), "tx_hash"],
  ])("400 for %s, nothing changes", async (_name, body, field) => {
    const { hash, user } = await submitted();
    const admin = await createAdmin();
    const before = await snapshotOf(user.id);
    expect(expectError(await reject(admin.token, body(hash)), 400, "invalid_input").field).toBe(field);
    expect(await snapshotOf(user.id)).toEqual(before);
  });

  it("refuses a non-admin (403); rejecting a decided payment is 409; nothing changes", async () => {
    const { hash, user, token } = await submitted();
    const admin = await createAdmin();
    const untouched = await snapshotOf(user.id);
    expectError(await reject(token, { tx_hash: hash, reason: "mine" }), 403, "forbidden");
    expect(await snapshotOf(user.id)).toEqual(untouched);

    expect((await verify(admin.token, { tx_hash: hash })).status).toBe(200);
    const confirmed = await snapshotOf(user.id);
    expectError(await reject(admin.token, { tx_hash: hash, reason: "changed my mind" }), 409, "conflict");
    expect(await snapshotOf(user.id)).toEqual(confirmed);

    const second = await submitted();
    expect((await reject(admin.token, { tx_hash: second.hash, reason: "first" })).status).toBe(200);
    const rejected = await snapshotOf(second.user.id);
    expectError(await reject(admin.token, { tx_hash: second.hash, reason: "second" }), 409, "conflict");
    expect(await snapshotOf(second.user.id)).toEqual(rejected);
  });
});

describe("races", () => {
  it("a confirm racing a reject leaves exactly one outcome", async () => {
    const admin = await createAdmin();
    for (let i = 0; i < 5; i++) {
      const { id, hash, user } = await submitted();
      const [v, r] = await Promise.all([verify(admin.token, { tx_hash: hash }), reject(admin.token, { tx_hash: hash, reason: "race" })]);
      expect([v.status, r.status].sort()).toEqual([200, 409]);
      const row = await db().payment.findUniqueOrThrow({ where: { id } });
      const plan = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan;
      if (v.status === 200) expect([row.status, plan]).toEqual(["CONFIRMED", "VIP"]);
      else expect([row.status, plan]).toEqual(["REJECTED", "TRIAL"]);
      expect(await db().auditEvent.count({ where: { target: `payment:${id}` } })).toBe(1);
    }
  });

  it("two confirms of one payment: one 200, one 409, 30 days once", async () => {
    const admin = await createAdmin();
    const { hash, user, id } = await submitted();
    const results = await Promise.all([verify(admin.token, { tx_hash: hash }), verify(admin.token, { tx_hash: hash })]);
    expect(results.map((r: TResult) => r.status).sort()).toEqual([200, 409]);
    const expiry = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).planExpiresAt!;
    expect(expiry.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect(await outboxFor(`payment-confirmed:${id}`)).toHaveLength(2);
  });
});

describe("stacking (SPEC §3)", () => {
  const expiryAfterVerify = async (plan: "VIP" | "PREMIUM", current: Parameters<typeof createUser>[0]) => {
    const { hash, user } = await submitted(plan, current);
    const admin = await createAdmin();
    const started = Date.now();
    expect((await verify(admin.token, { tx_hash: hash })).status).toBe(200);
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    return { plan: after.plan, expiry: after.planExpiresAt!.getTime(), started };
  };

  it("VIP with 10 days left buys VIP: 40 days from now", async () => {
    const current = new Date(Date.now() + 10 * DAY);
    const r = await expiryAfterVerify("VIP", { plan: "VIP", planExpiresAt: current });
    expect(r.plan).toBe("VIP");
    expect(r.expiry).toBe(current.getTime() + 30 * DAY);
  });

  it("PREMIUM with 5 days left buys VIP: stays PREMIUM, 35 days", async () => {
    const current = new Date(Date.now() + 5 * DAY);
    const r = await expiryAfterVerify("VIP", { plan: "PREMIUM", planExpiresAt: current });
    expect(r.plan).toBe("PREMIUM");
    expect(r.expiry).toBe(current.getTime() + 30 * DAY);
  });

  it("VIP with 3 days left buys PREMIUM: PREMIUM for all 33 days", async () => {
    const current = new Date(Date.now() + 3 * DAY);
    const r = await expiryAfterVerify("PREMIUM", { plan: "VIP", planExpiresAt: current });
    expect(r.plan).toBe("PREMIUM");
    expect(r.expiry).toBe(current.getTime() + 30 * DAY);
  });

  it("an expired VIP buys VIP: 30 days from now, not from the old expiry", async () => {
    const r = await expiryAfterVerify("VIP", { plan: "VIP", planExpiresAt: new Date(Date.now() - 2 * DAY) });
    expect(r.plan).toBe("VIP");
    expect(r.expiry).toBeGreaterThanOrEqual(r.started + 30 * DAY - 1000);
    expect(r.expiry).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  });

  it("two payments of one user confirmed at once stack to 60 days", async () => {
    const { user } = await createUser();
    const hashes = [txHash(), txHash()];
    for (const h of hashes) expect((await initiate({ email: user.email, plan: "VIP", tx_hash: h, network: "TRC20" })).status).toBe(201);
    const admin = await createAdmin();
    const started = Date.now();
    const results = await Promise.all(hashes.map((h) => verify(admin.token, { tx_hash: h })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const expiry = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).planExpiresAt!.getTime();
    expect(expiry).toBeGreaterThanOrEqual(started + 60 * DAY - 1000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 60 * DAY);
  });
});

describe("partner credit (SPEC §10)", () => {
  async function referredUser(code = `ref${uniq()}`) {
    const partner = await db().partner.create({ data: { name: `Partner <${code}>`, referralCode: code } });
    const { user } = await createUser();
    await db().user.update({ where: { id: user.id }, data: { referredByPartnerId: partner.id } });
    return { partner, user };
  }
  const pay = async (email: string, plan: "VIP" | "PREMIUM" = "VIP") => {
    const hash = txHash();
    expect((await initiate({ email, plan, tx_hash: hash, network: "TRC20" })).status).toBe(201);
    return hash;
  };

  it("the first confirmed payment credits the partner once, with an admin alert; the second credits nothing", async () => {
    const { partner, user } = await referredUser();
    const admin = await createAdmin();
    const first = await pay(user.email);
    expect((await verify(admin.token, { tx_hash: first })).status).toBe(200);
    const credits = await db().partnerCredit.findMany({ where: { partnerId: partner.id } });
    expect(credits).toHaveLength(1);
    expect(credits[0]!.amount.toString()).toBe("10");
    const alert = await db().outboxMessage.findMany({ where: { dedupeKey: `partner-credit:${user.id}:admin` } });
    expect(alert).toHaveLength(1);
    expect(alert[0]!.target).toBe(config.ADMIN_CHAT_ID);
    expect(alert[0]!.body).toContain("Partner referral completed 💼");
    expect(alert[0]!.body).toContain(`Partner &lt;${partner.referralCode}&gt;`);

    const second = await pay(user.email, "PREMIUM");
    expect((await verify(admin.token, { tx_hash: second })).status).toBe(200);
    expect(await db().partnerCredit.count({ where: { partnerId: partner.id } })).toBe(1);
    expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `partner-credit:${user.id}` } } })).toBe(1);
  });

  it("concurrent confirmations of two payments of one referred user credit exactly once", async () => {
    const { partner, user } = await referredUser();
    const admin = await createAdmin();
    const hashes = [await pay(user.email), await pay(user.email, "PREMIUM"), await pay(user.email)];
    const results = await Promise.all(hashes.map((h) => verify(admin.token, { tx_hash: h })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db().partnerCredit.count({ where: { partnerId: partner.id } })).toBe(1);
  });

  it("a user without a partner credits no one", async () => {
    const { user } = await createUser();
    const admin = await createAdmin();
    expect((await verify(admin.token, { tx_hash: await pay(user.email) })).status).toBe(200);
    expect(await db().partnerCredit.count({ where: { userId: user.id } })).toBe(0);
  });
});
