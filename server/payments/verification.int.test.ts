// Automatic verification end to end: the real TRC-20 provider (built by the config factory)
// against the fake TronGrid, the verify job on payment/submitted, the sweeper's backoff and
// deadline, and the rule that a decided payment never reaches the provider again.
import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sweepPayments } from "@/inngest/functions/sweep-payments";
import { verifyPayment } from "@/inngest/functions/verify-payment";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { logger } from "@/server/logger";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { anonymousSubmitter, configurePayments, recordJobEvents, scriptedProvider, txHash } from "@/test/helpers/payments";
import { FAKE_RECEIVING_ADDRESS, startFakeTronGrid, type TFakeTronGrid } from "@/test/fakes/trongrid";
import { checkPayment } from "./check-payment";
import { assignTransfer } from "./incoming-transfers";
import { confirmPayment } from "./confirm-payment";
import { createInvoice } from "./invoices";
import { initiatePayment } from "./initiate-payment";
import { rejectPayment } from "./reject-payment";
import { verifyPaymentByHash } from "./review-payment";
import { sweepPendingPayments } from "./sweep-payments";
import { usdtToBaseUnits } from "./trc20-provider";
import { recordTransfers } from "./watch-transfers";

const MIN = 60_000;
let tron: TFakeTronGrid;
let config: ReturnType<typeof configurePayments>;

beforeAll(async () => {
  tron = await startFakeTronGrid();
  config = configurePayments({ TRON_API_URL: tron.apiUrl, USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS, PAYMENT_MIN_CONFIRMATIONS: "19", PAYMENT_WINDOW_HOURS: "72" });
});
afterAll(() => tron.close());
beforeEach(() => void recordJobEvents());
afterEach(() => setEventDispatcher(undefined));

/** Calls the fake got for one transaction (its id is in every request body). */
const callsFor = (hash: string) => tron.calls.filter((c) => JSON.stringify(c.body).includes(hash) || c.path.includes(hash)).length;

async function pending(plan: "VIP" | "PREMIUM" = "VIP", hash = txHash(), now?: Date, owner?: { email: string; id: number }) {
  const user = owner ?? (await createUser()).user;
  const payment = await initiatePayment({ email: user.email, plan, tx_hash: hash, network: "TRC20" }, anonymousSubmitter(), now);
  return { user, hash, id: payment.id };
}

/** The app's flow: an invoice made 10 minutes ago, its exact amount (plus `plusUsdt`) sent now, the hash submitted too. */
async function invoicedPending(plan: "VIP" | "PREMIUM" = "VIP", options: { plusUsdt?: number; solidified?: boolean; now?: Date } = {}) {
  const { user } = await createUser();
  const invoice = await createInvoice(user.id, plan, new Date(Date.now() - 10 * MIN));
  const amount = (Number(invoice.amount) + (options.plusUsdt ?? 0)).toFixed(6);
  const hash = tron.addTransfer({ amountUsdt: amount, timestamp: Date.now(), ...(options.solidified === false ? { solidified: false } : {}) });
  return { ...(await pending(plan, hash, options.now, user)), invoice, amount: String(Number(amount)) };
}
const load = async (id: string) => {
  const row = await db().payment.findUniqueOrThrow({ where: { id }, include: { user: true } });
  if (!row.user) throw new Error(`payment ${id} has no user`);
  return { ...row, user: row.user };
};

describe("the verify job on payment/submitted", () => {
  it("confirms a solidified USDT transfer of the plan's price at once, in ≤ 2 calls", async () => {
    const runner = createInProcessRunner([verifyPayment], { retryBaseMs: 1 });
    setEventDispatcher((events) => runner.dispatch(events));
    const { id, user, hash, invoice, amount } = await invoicedPending("VIP");
    await runner.stop();

    const row = await load(id);
    expect(row).toMatchObject({ status: "CONFIRMED", reason: null, nextCheckAt: null });
    expect(row.paidAmount!.toString()).toBe(amount);
    expect(row.paidAt).toBeInstanceOf(Date);
    expect(row.verification).toMatchObject({ source: "invoice", invoiceId: invoice.invoice_id, paidAmount: amount, txid: hash });
    expect(await db().paymentInvoice.findUniqueOrThrow({ where: { id: invoice.invoice_id } })).toMatchObject({ status: "PAID", paymentId: id });
    expect(row.user.plan).toBe("VIP");
    expect(row.user.planExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * MIN);
    expect(callsFor(hash)).toBeLessThanOrEqual(2);
    expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `payment-confirmed:${id}` } } })).toBe(2);
    expect((await db().userNotification.findMany({ where: { userId: user.id } })).map((n) => n.kind)).toEqual(["payment_confirmed"]);
  });

  it("runs on Inngest's execution engine (@inngest/test) with the same handler", async () => {
    const { id } = await invoicedPending("PREMIUM");
    // The confirmation grants VIP access, so the job nudges the outbox with step.sendEvent, which
    // the engine would post to Inngest Cloud; there is none here, so the engine answers that step.
    const t = new InngestTestEngine({
      function: verifyPayment.fn,
      events: [{ name: "payment/submitted", data: { paymentId: id } }],
      steps: [{ id: "kick-outbox", handler: () => ({ ids: [] }) }],
    });
    const { result, error } = await t.execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ paymentId: id, outcome: "confirmed" });
    expect((await load(id)).status).toBe("CONFIRMED");
  });
});

describe("verdicts", () => {
  it("records an overpayment and accepts it", async () => {
    const { id, amount } = await invoicedPending("VIP", { plusUsdt: 2 });
    expect(await checkPayment(id)).toBe("confirmed");
    const row = await load(id);
    expect(row.paidAmount!.toString()).toBe(amount);
    expect(row.verification).toMatchObject({ overpaidBy: "2" });
  });

  it.each([
    ["wrong token", () => tron.addWrongToken({ amountUsdt: "49" }), /wrong token/],
    ["wrong recipient", () => tron.addWrongRecipient({ amountUsdt: "49" }), /wrong recipient/],
    ["underpaid by one base unit", () => tron.addUnderpaid({ priceUsdt: "49" }), /underpaid by 0\.000001 USDT/],
    ["too old", () => tron.addOld({ amountUsdt: "49", hoursAgo: 100 }), /too old/],
    ["reverted", () => tron.addReverted({ amountUsdt: "49" }), /transaction failed \(REVERT\)/],
  ])("%s → REJECTED with the reason, the admin told, the user notified, never asked again", async (_name, add, reason) => {
    const { id, hash, user } = await pending("VIP", add());
    expect(await checkPayment(id)).toBe("rejected");
    const row = await load(id);
    expect(row.status).toBe("REJECTED");
    expect(row.reason).toMatch(reason);
    expect(row.user.plan).toBe("TRIAL");
    const alert = await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `payment-rejected:${id}:admin` } });
    expect(alert.target).toBe(config.ADMIN_CHAT_ID);
    expect(alert.body).toContain("Payment rejected automatically");
    expect((await db().userNotification.findFirstOrThrow({ where: { userId: user.id } })).body).toMatch(reason);

    const calls = callsFor(hash);
    expect(await checkPayment(id)).toBe("skipped");
    await sweepPendingPayments({ only: [id], now: new Date(Date.now() + 48 * 60 * MIN) });
    expect(callsFor(hash)).toBe(calls);
  });

  it("an unknown hash stays PENDING with the reason, checked again after a minute", async () => {
    const now = new Date();
    const { id } = await pending("VIP", txHash(), now);
    expect(await checkPayment(id, { now })).toBe("pending");
    const row = await load(id);
    expect(row).toMatchObject({ status: "PENDING", reason: "not found on the chain yet", checkAttempts: 1 });
    expect(row.nextCheckAt!.getTime()).toBe(now.getTime() + MIN);
  });
});

describe("a hash confirms only through its submitter's invoice", () => {
  it("a round amount no invoice holds stays PENDING for the admin: needs review, no invoice matches", async () => {
    const hash = tron.addTransfer({ amountUsdt: "49" });
    const { id, user } = await pending("VIP", hash);
    expect(await checkPayment(id)).toBe("needs_review");
    const row = await load(id);
    expect(row).toMatchObject({ status: "PENDING", nextCheckAt: null });
    expect(row.reason).toBe("Needs review: no invoice matches — no invoice holds 49 USDT: assign it to a user by hand");
    expect(row.user.plan).toBe("TRIAL");
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `payment-review:${id}:admin` } })).body).toContain("no invoice matches");
    expect((await verifyPaymentByHash((await createAdmin()).user, hash)).payment.status).toBe("CONFIRMED");
    expect((await load(id)).user.id).toBe(user.id);
  });

  it("a transfer older than the user's invoice does not confirm it", async () => {
    const { user } = await createUser();
    await createInvoice(user.id, "VIP", new Date(Date.now() - MIN));
    const invoice = await db().paymentInvoice.findFirstOrThrow({ where: { userId: user.id } });
    const hash = tron.addTransfer({ amountUsdt: invoice.amount.toFixed(6), timestamp: Date.now() - 30 * MIN });
    const { id } = await pending("VIP", hash, undefined, user);
    expect(await checkPayment(id)).toBe("needs_review");
    expect((await load(id)).reason).toMatch(/^Needs review: no invoice matches/);
    expect((await db().paymentInvoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("OPEN");
  });

  it("front-running: user B submits user A's hash first — A's invoice stays A's, B's submission waits in review", async () => {
    const a = await createUser();
    const invoice = await createInvoice(a.user.id, "VIP", new Date(Date.now() - 10 * MIN));
    const hash = tron.addTransfer({ amountUsdt: invoice.amount, timestamp: Date.now() });
    const b = await pending("VIP", hash); // B copied the hash from the chain explorer
    expect(await checkPayment(b.id)).toBe("needs_review");
    const bRow = await load(b.id);
    expect(bRow).toMatchObject({ status: "PENDING", nextCheckAt: null });
    expect(bRow.reason).toBe(`Needs review: no invoice matches — this transfer paid another account's invoice (${invoice.invoice_id})`);
    expect(bRow.user.plan).toBe("TRIAL");
    const paid = await db().paymentInvoice.findUniqueOrThrow({ where: { id: invoice.invoice_id }, include: { payment: true, user: true } });
    expect(paid.payment).toMatchObject({ status: "CONFIRMED", userId: a.user.id, txHash: hash });
    expect(paid.user.plan).toBe("VIP");
    // A's own later submission of the hash: it already paid (409), nothing to do.
    await expect(initiatePayment({ email: a.user.email, plan: "VIP", tx_hash: hash, network: "TRC20" }, anonymousSubmitter())).rejects.toMatchObject({ code: "CONFLICT" });
    // The admin cannot confirm B's too: the hash paid once.
    await expect(confirmPayment(b.id, { kind: "admin", actorId: (await createAdmin()).user.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await load(b.id)).status).toBe("PENDING");
  });
});

describe("the sweeper", () => {
  it("waits out the backoff, then confirms once the transfer has enough confirmations", async () => {
    const t0 = new Date();
    const { id, hash } = await invoicedPending("VIP", { solidified: false, now: t0 });
    expect(await checkPayment(id, { now: t0 })).toBe("pending");
    expect((await load(id)).reason).toMatch(/waiting for confirmations/);

    const calls = callsFor(hash);
    expect((await sweepPendingPayments({ only: [id], now: new Date(t0.getTime() + 30_000) })).checked).toBe(0);
    expect(callsFor(hash)).toBe(calls);

    expect(await sweepPendingPayments({ only: [id], now: new Date(t0.getTime() + MIN + 1000) })).toMatchObject({ checked: 1, pending: 1 });
    expect((await load(id)).nextCheckAt!.getTime()).toBe(t0.getTime() + MIN + 1000 + 2 * MIN);

    tron.solidify(hash);
    expect(await sweepPendingPayments({ only: [id], now: new Date(t0.getTime() + 4 * MIN) })).toMatchObject({ checked: 1, confirmed: 1 });
    expect((await load(id)).status).toBe("CONFIRMED");
  });

  it("keeps checking while TronGrid is down, with the reason, and confirms when it is back", async () => {
    const t0 = new Date();
    const { id } = await invoicedPending("VIP", { now: t0 });
    tron.goDown();
    try {
      expect(await checkPayment(id, { now: t0 })).toBe("pending");
      expect((await load(id)).reason).toMatch(/TronGrid unavailable/);
    } finally {
      tron.comeBack();
    }
    expect(await sweepPendingPayments({ only: [id], now: new Date(t0.getTime() + 2 * MIN) })).toMatchObject({ confirmed: 1 });
  });

  it("a provider that throws leaves the payment PENDING with a reason", async () => {
    const warned = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const provider = scriptedProvider();
    const { id, hash } = await pending();
    provider.set(hash, () => {
      throw new Error("socket hang up");
    });
    expect(await checkPayment(id, { provider })).toBe("pending");
    expect((await load(id)).reason).toMatch(/Verification service unavailable \(socket hang up\)/);
    expect(warned).toHaveBeenCalledWith("payment provider failed", expect.objectContaining({ txHash: hash }));
    warned.mockRestore();
  });

  it("at the deadline stops checking and hands the payment to the admin, who can still confirm it", async () => {
    const t0 = new Date();
    const { id, hash } = await pending("VIP", txHash(), t0);
    const late = new Date(t0.getTime() + 24 * 60 * MIN);
    expect(await sweepPendingPayments({ only: [id], now: late })).toMatchObject({ checked: 1, needs_review: 1 });
    const row = await load(id);
    expect(row).toMatchObject({ status: "PENDING", nextCheckAt: null });
    expect(row.reason).toMatch(/^Needs review: not confirmed automatically .*not found on the chain yet/);
    const alert = await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `payment-review:${id}:admin` } });
    expect(alert.body).toContain("Payment needs review");

    const calls = callsFor(hash);
    expect((await sweepPendingPayments({ only: [id], now: new Date(late.getTime() + 60 * MIN) })).checked).toBe(0);
    expect(callsFor(hash)).toBe(calls);
    const admin = await createAdmin();
    expect((await verifyPaymentByHash(admin.user, hash)).payment.status).toBe("CONFIRMED");
  });

  it("the last automatic check falls on the deadline, not after it", async () => {
    const t0 = new Date();
    const { id } = await pending("VIP", txHash(), t0);
    const almost = new Date(t0.getTime() + 24 * 60 * MIN - 5 * MIN);
    await db().payment.update({ where: { id }, data: { checkAttempts: 10, nextCheckAt: almost } });
    expect(await sweepPendingPayments({ only: [id], now: almost })).toMatchObject({ pending: 1 });
    expect((await load(id)).nextCheckAt!.getTime()).toBe(t0.getTime() + 24 * 60 * MIN);
  });

  it("two sweepers at once check each due payment exactly once", async () => {
    const provider = scriptedProvider();
    const t0 = new Date();
    // Made one after another: the race under test is the two sweepers', not twelve submissions'.
    const due: Awaited<ReturnType<typeof pending>>[] = [];
    for (let i = 0; i < 12; i++) due.push(await pending("VIP", txHash(), t0));
    const only = due.map((d) => d.id);
    const later = new Date(t0.getTime() + 3 * MIN);
    const reports = await Promise.all([sweepPendingPayments({ provider, only, now: later, concurrency: 3 }), sweepPendingPayments({ provider, only, now: later, concurrency: 3 })]);
    expect(reports[0].checked + reports[1].checked).toBe(12);
    for (const d of due) expect(provider.callsFor(d.hash)).toBe(1);
  });

  it("the sweep job runs the sweeper in-process", async () => {
    const { id } = await invoicedPending("VIP", { now: new Date(Date.now() - 10 * MIN) });
    const runner = createInProcessRunner([sweepPayments], { retryBaseMs: 1 });
    await runner.run(sweepPayments, { name: "inngest/scheduled.timer", data: {} });
    await runner.stop();
    expect((await load(id)).status).toBe("CONFIRMED");
  });
});

describe("decided payments and replays", () => {
  it("a payment decided by the admin while the provider was asked keeps the admin's decision", async () => {
    const provider = scriptedProvider();
    const { id, hash } = await pending();
    const admin = await createAdmin();
    provider.set(hash, async () => {
      await rejectPayment(id, { kind: "admin", actorId: admin.user.id, reason: "Refunded by hand" });
      return { status: "confirmed", paidAmount: "49", paidAt: new Date(), details: {} };
    });
    expect(await checkPayment(id, { provider })).toBe("skipped");
    const row = await load(id);
    expect(row).toMatchObject({ status: "REJECTED", reason: "Refunded by hand" });
    expect(row.user.plan).toBe("TRIAL");
  });

  it("a replayed confirmation credits the partner once and stacks no extra days", async () => {
    const partner = await db().partner.create({ data: { name: "Replay", referralCode: `r${uniq()}` } });
    const { id, user } = await invoicedPending("VIP");
    await db().user.update({ where: { id: user.id }, data: { referredByPartnerId: partner.id } });
    const verdict = { kind: "provider" as const, paidAmount: "49", paidAt: new Date(), details: {} };

    const results = await Promise.allSettled([confirmPayment(id, verdict), confirmPayment(id, verdict), checkPayment(id), checkPayment(id)]);
    const confirmed = results.filter((r) => r.status === "fulfilled" && (r.value === "confirmed" || typeof r.value === "object"));
    expect(confirmed).toHaveLength(1);
    const expiry = (await load(id)).user.planExpiresAt!;
    await expect(confirmPayment(id, verdict)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().partnerCredit.count({ where: { partnerId: partner.id } })).toBe(1);
    expect((await load(id)).user.planExpiresAt).toEqual(expiry);
  });

  it("automatic verification is off without a receiving address: the payment waits for the admin", async () => {
    configurePayments({ USDT_TRC20_ADDRESS: "" });
    try {
      const { id } = await pending();
      const calls = tron.calls.length;
      expect(await checkPayment(id)).toBe("pending");
      expect((await load(id)).reason).toMatch(/Automatic verification is off/);
      expect(tron.calls.length).toBe(calls);
    } finally {
      configurePayments({ TRON_API_URL: tron.apiUrl, USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS });
    }
  });
});

describe("VIP group access on confirmation: the paying user only, whoever confirms", () => {
  /** A Telegram-linked user, so a grant queues an invite DM. */
  const link = async (userId: number) => {
    const tg = BigInt(7_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    await db().user.update({ where: { id: userId }, data: { telegramUserId: tg } });
  };
  const accessOf = async (userId: number) => {
    const u = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { vipGrantedAt: true } });
    const invites = await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `vip-grant:${userId}:` } } });
    return { granted: u.vipGrantedAt !== null, invites };
  };
  /** A paid user whose access no one has synced yet: a sweep over everyone would grant them. */
  const bystander = async () => {
    const { user } = await createUser({ plan: "VIP" });
    await link(user.id);
    return user.id;
  };

  it("the verify job: the payer is granted and invited in the confirmation; nobody else is touched", async () => {
    const other = await bystander();
    const runner = createInProcessRunner([verifyPayment], { retryBaseMs: 1 });
    setEventDispatcher((events) => runner.dispatch(events));
    const { user } = await createUser();
    await link(user.id);
    const invoice = await createInvoice(user.id, "VIP", new Date(Date.now() - 10 * MIN));
    const hash = tron.addTransfer({ amountUsdt: invoice.amount, timestamp: Date.now() });
    await pending("VIP", hash, undefined, user);
    await runner.stop();
    expect(await accessOf(user.id)).toEqual({ granted: true, invites: 1 });
    expect(await accessOf(other)).toEqual({ granted: false, invites: 0 });
  });

  it("the admin's verify", async () => {
    const other = await bystander();
    const { user, id } = await pending("VIP");
    await link(user.id);
    await confirmPayment(id, { kind: "admin", actorId: (await createAdmin()).user.id });
    expect(await accessOf(user.id)).toEqual({ granted: true, invites: 1 });
    expect(await accessOf(other)).toEqual({ granted: false, invites: 0 });
  });

  it("an unmatched transfer the admin assigns", async () => {
    const other = await bystander();
    const { user } = await createUser();
    await link(user.id);
    const hash = txHash();
    await recordTransfers([{ txId: hash, from: "TXYZ", baseUnits: usdtToBaseUnits("48.123457"), blockTime: new Date() }]);
    const admin = (await createAdmin()).user;
    expect((await assignTransfer(admin, { tx_id: hash, user_id: user.id, plan: "VIP" })).payment.status).toBe("CONFIRMED");
    expect(await accessOf(user.id)).toEqual({ granted: true, invites: 1 });
    expect(await accessOf(other)).toEqual({ granted: false, invites: 0 });
  });
});
