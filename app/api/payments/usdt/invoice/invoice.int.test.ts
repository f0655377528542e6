// Invoices through the real routes and PostgreSQL: a unique amount per open invoice (also for
// 200 racing requests), the same invoice when asked again, expiry and the grace period, the
// bad inputs, and the tRPC procedures over the same service.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { createInvoice, releaseInvoices } from "@/server/payments/invoices";
import { call, expectError, untilAnswered } from "@/test/helpers/http";
import { createUser } from "@/test/helpers/factories";
import { configurePayments, recordJobEvents } from "@/test/helpers/payments";
import { callerAs, trpcError } from "@/test/helpers/trpc";
import { GET as invoiceByIdRoute } from "./[id]/route";
import { POST as invoiceRoute } from "./route";

const MIN = 60_000;
let config: ReturnType<typeof configurePayments>;
beforeAll(() => {
  config = configurePayments({ PAYMENT_INVOICE_MINUTES: "60", PAYMENT_INVOICE_GRACE_MINUTES: "120" });
});
beforeEach(() => void recordJobEvents());
afterEach(() => setEventDispatcher(undefined));

const ask = (token: string | undefined, body: unknown) => call(invoiceRoute, { method: "POST", path: "/api/payments/usdt/invoice", token, body });
const byId = (token: string, id: string) => call(invoiceByIdRoute, { path: `/api/payments/usdt/invoice/${id}`, token, params: { id } });

describe("POST /api/payments/usdt/invoice", () => {
  it("gives two users of one plan different amounts: the price plus a unique fraction, the address, a QR code, 60 minutes", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const before = Date.now();
    const [ra, rb] = [await ask(a.token, { plan: "vip" }), await ask(b.token, { plan: "VIP" })];
    expect([ra.status, rb.status]).toEqual([201, 201]);
    for (const res of [ra, rb]) {
      expect(res.body).toMatchObject({ plan: "VIP", price: "49", address: config.USDT_TRC20_ADDRESS, status: "OPEN", state: "OPEN", network: "TRC20" });
      expect(res.body.amount).toMatch(/^49\.\d{6}$/);
      expect(res.body.amount).not.toBe("49.000000");
      expect(res.body.qr).toMatch(/^<svg/);
      const expires = Date.parse(res.body.expires_at);
      expect(expires).toBeGreaterThanOrEqual(before + 60 * MIN);
      expect(expires).toBeLessThanOrEqual(Date.now() + 60 * MIN);
    }
    expect(ra.body.amount).not.toBe(rb.body.amount);
  });

  it("asking again for the same plan gives the same open invoice; another plan gets its own", async () => {
    const { token } = await createUser();
    const first = await ask(token, { plan: "VIP" });
    const again = await ask(token, { plan: "VIP" });
    expect(again.body.invoice_id).toBe(first.body.invoice_id);
    expect(again.body.amount).toBe(first.body.amount);
    const premium = await ask(token, { plan: "PREMIUM" });
    expect(premium.body.invoice_id).not.toBe(first.body.invoice_id);
    expect(premium.body.amount).toMatch(/^99\.\d{6}$/);
    // Racing requests of one user: still one invoice per plan.
    const raced = await Promise.all(Array.from({ length: 5 }, () => ask(token, { plan: "PREMIUM" })));
    expect(new Set(raced.map((r) => r.body.invoice_id))).toEqual(new Set([premium.body.invoice_id]));
  });

  it("200 concurrent requests of 200 users never share an amount", async () => {
    const users = await Promise.all(Array.from({ length: 200 }, () => createUser()));
    // A busy pool answers 503 with Retry-After; the clients retry as the app does.
    const answers = await Promise.all(users.map((u, i) => untilAnswered(() => ask(u.token, { plan: i % 2 ? "VIP" : "PREMIUM" }))));
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 201));
    const fractions = answers.map((a) => (a.body.amount as string).split(".")[1]);
    expect(new Set(fractions).size).toBe(200);
  });

  it("after the window the invoice is in its grace period (a new one for the next request); after the grace period its fraction is free", async () => {
    const { user } = await createUser();
    const t0 = new Date(Date.now() - 200 * MIN);
    const old = await createInvoice(user.id, "VIP", t0);
    const inGrace = await createInvoice(user.id, "VIP", new Date(t0.getTime() + 61 * MIN));
    expect(inGrace.invoice_id).not.toBe(old.invoice_id);
    const row = () => db().paymentInvoice.findUniqueOrThrow({ where: { id: old.invoice_id } });
    expect(await row()).toMatchObject({ status: "OPEN", reserved: true });
    await releaseInvoices(new Date(t0.getTime() + 181 * MIN));
    expect(await row()).toMatchObject({ status: "EXPIRED", reserved: false, reason: "expired: no payment arrived in time" });
  });

  it("refuses a missing token, TRIAL, an unknown plan and a non-object body with {error, message}", async () => {
    const { token } = await createUser();
    expectError(await ask(undefined, { plan: "VIP" }), 401);
    for (const body of [{ plan: "TRIAL" }, { plan: "GOLD" }, {}]) expect(expectError(await ask(token, body), 400).field).toBe("plan");
    expectError(await ask(token, [1]), 400);
  });

  it("is unavailable (503) without a receiving address, nothing stored", async () => {
    const { user, token } = await createUser();
    configurePayments({ USDT_TRC20_ADDRESS: "" });
    try {
      expectError(await ask(token, { plan: "VIP" }), 503);
      expect(await db().paymentInvoice.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      config = configurePayments({ PAYMENT_INVOICE_MINUTES: "60", PAYMENT_INVOICE_GRACE_MINUTES: "120" });
    }
  });
});

describe("GET /api/payments/usdt/invoice/:id and tRPC", () => {
  it("the owner reads it; another user gets 403, a bad id 400, an unknown one 404", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const inv = (await ask(a.token, { plan: "VIP" })).body;
    expect((await byId(a.token, inv.invoice_id)).body).toMatchObject({ invoice_id: inv.invoice_id, amount: inv.amount, state: "OPEN" });
    expectError(await byId(b.token, inv.invoice_id), 403);
    expectError(await byId(a.token, "nope"), 400);
    expectError(await byId(a.token, "5f0c7d2e-0000-4000-8000-000000000000"), 404);
  });

  it("payments.invoice / invoiceById / myInvoices call the same service", async () => {
    const a = await createUser();
    const trpc = await callerAs(a.token);
    const inv = await trpc.payments.invoice({ plan: "PREMIUM" });
    expect(inv.amount).toMatch(/^99\.\d{6}$/);
    expect((await trpc.payments.invoiceById({ id: inv.invoice_id })).amount).toBe(inv.amount);
    expect((await trpc.payments.myInvoices()).invoices.map((i) => i.invoice_id)).toEqual([inv.invoice_id]);
    expect(await trpcError((await callerAs()).payments.invoice({ plan: "VIP" }))).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
