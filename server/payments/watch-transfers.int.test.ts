// The watcher end to end: invoices in PostgreSQL, the fake TronGrid's account TRC-20 transfers
// API (pages, min_timestamp), no hash pasted by anyone. Each edge case an operator meets ends in
// a state and a reason both the admin (incoming_transfers) and the user (the invoice) see.
import { fork } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { watchPayments } from "@/inngest/functions/watch-payments";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { createInProcessRunner } from "@/server/jobs/in-process";
import * as assignRoute from "@/app/api/admin/payments/transfers/[txId]/assign/route";
import * as transfersRoute from "@/app/api/admin/payments/transfers/route";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { callerAs, trpcError } from "@/test/helpers/trpc";
import { configurePayments, recordJobEvents } from "@/test/helpers/payments";
import { FAKE_RECEIVING_ADDRESS, LOOKALIKE_USDT_CONTRACT, startFakeTronGrid, type TFakeTronGrid } from "@/test/fakes/trongrid";
import { createInvoice } from "./invoices";
import { watchIncomingTransfers, type TWatchReport } from "./watch-transfers";

const MIN = 60_000;
const ROOT = path.resolve(import.meta.dirname, "../..");
let tron: TFakeTronGrid;

beforeAll(async () => {
  tron = await startFakeTronGrid();
  configurePayments({ TRON_API_URL: tron.apiUrl, USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS, PAYMENT_INVOICE_MINUTES: "60", PAYMENT_INVOICE_GRACE_MINUTES: "120" });
});
afterAll(() => tron.close());
beforeEach(() => void recordJobEvents());
afterEach(() => setEventDispatcher(undefined));

const listCalls = () => tron.calls.filter((c) => c.path.endsWith("/transactions/trc20"));
const invoiceRow = (id: string) => db().paymentInvoice.findUniqueOrThrow({ where: { id }, include: { payment: true, user: true } });
const transferRow = (txId: string) => db().incomingTransfer.findUniqueOrThrow({ where: { txId } });
/** An invoice made `minutesAgo` minutes ago for a fresh user. */
async function invoiceFor(plan: "VIP" | "PREMIUM" = "VIP", minutesAgo = 10) {
  const { user } = await createUser();
  return { user, invoice: await createInvoice(user.id, plan, new Date(Date.now() - minutesAgo * MIN)) };
}
/** A solidified USDT transfer to our address, made now (after the invoices). */
const pay = (amountUsdt: string, extra: Parameters<TFakeTronGrid["addTransfer"]>[0] = {}) => tron.addTransfer({ amountUsdt, timestamp: Date.now(), ...extra });

describe("watching our address", () => {
  it("makes no call while no invoice is reserved", async () => {
    await db().paymentInvoice.updateMany({ where: { reserved: true }, data: { reserved: false } });
    tron.calls.length = 0;
    expect(await watchIncomingTransfers()).toMatchObject({ idle: true, calls: 0 });
    expect(listCalls()).toHaveLength(0);
  });

  it("two users, one plan, two amounts: each transfer activates its own user's plan, with no hash pasted", async () => {
    const a = await invoiceFor();
    const b = await invoiceFor();
    const txA = pay(a.invoice.amount);
    const txB = pay(b.invoice.amount);
    tron.calls.length = 0;
    const report = await watchIncomingTransfers();
    expect(report).toMatchObject({ idle: false, error: null, calls: 1, matched: 2, activated: 2 });
    for (const [who, tx] of [[a, txA], [b, txB]] as const) {
      const row = await invoiceRow(who.invoice.invoice_id);
      expect(row).toMatchObject({ status: "PAID", paidTxId: tx, reason: null });
      expect(row.payment).toMatchObject({ status: "CONFIRMED", txHash: tx, userId: who.user.id });
      expect(row.payment!.paidAmount!.toFixed(6)).toBe(who.invoice.amount);
      expect(row.user.plan).toBe("VIP");
      expect(await transferRow(tx)).toMatchObject({ status: "MATCHED", invoiceId: who.invoice.invoice_id });
    }
    const query = new URL(listCalls()[0]!.path + listCalls()[0]!.query, "http://x").searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ only_to: "true", only_confirmed: "true", contract_address: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", order_by: "block_timestamp,asc", limit: "200" });
    // Run again: the cursor moved, nothing is decided twice.
    const again = await watchIncomingTransfers();
    expect(again).toMatchObject({ recorded: 0, activated: 0 });
    expect(await db().payment.count({ where: { txHash: { in: [txA, txB] } } })).toBe(2);
  });

  it("the in-process runner and the Inngest function run the same watch", async () => {
    const a = await invoiceFor("PREMIUM");
    const tx = pay(a.invoice.amount);
    const runner = createInProcessRunner([watchPayments]);
    const report = await runner.run(watchPayments, { name: "cron", data: {} }).finally(() => runner.stop());
    expect(report).toMatchObject({ matched: 1, activated: 1 });
    expect((await invoiceRow(a.invoice.invoice_id)).payment?.txHash).toBe(tx);
    expect(watchPayments.triggers).toEqual([{ cron: "* * * * *" }]);
  });

  it("follows the pages (fingerprint) and asks from the last transfer seen (min_timestamp)", async () => {
    const invoices = await Promise.all(Array.from({ length: 5 }, () => invoiceFor()));
    for (const { invoice } of invoices) pay(invoice.amount);
    tron.calls.length = 0;
    const report = await watchIncomingTransfers({ pageLimit: 2 });
    expect(report.matched).toBe(5);
    expect(listCalls().length).toBeGreaterThanOrEqual(3);
    expect(listCalls().slice(1).every((c) => c.query.includes("fingerprint="))).toBe(true);
    const since = (c: { query: string }) => Number(new URLSearchParams(c.query).get("min_timestamp"));
    tron.calls.length = 0;
    await watchIncomingTransfers({ pageLimit: 200 });
    expect(listCalls()).toHaveLength(1);
    const cursor = await db().chainCursor.findUniqueOrThrow({ where: { id: "trc20-incoming" } });
    expect(since(listCalls()[0]!)).toBe(Number(cursor.timestampMs));
  });

  it("a transfer made before the invoice existed does not pay it", async () => {
    const { invoice } = await invoiceFor("VIP", 1);
    const early = tron.addTransfer({ amountUsdt: invoice.amount, timestamp: Date.now() - 30 * MIN });
    await watchIncomingTransfers();
    expect((await invoiceRow(invoice.invoice_id)).status).toBe("OPEN");
    // Listed from the oldest reserved invoice on: an older transfer may not be listed at all.
    const row = await db().incomingTransfer.findUnique({ where: { txId: early } });
    if (row) expect(row.status).toBe("UNMATCHED");
  });
});

describe("edge cases, each with a state and a reason", () => {
  it("late within the grace period: activated, marked late", async () => {
    const { invoice } = await invoiceFor("VIP", 90);
    const tx = pay(invoice.amount);
    await watchIncomingTransfers();
    const row = await invoiceRow(invoice.invoice_id);
    expect(row.payment?.status).toBe("CONFIRMED");
    expect(row.reason).toMatch(/^late: paid .* after the invoice expired, within the grace period$/);
    expect((await transferRow(tx)).reason).toMatch(/^late/);
  });

  it("late after the grace period: review, the invoice expired", async () => {
    const { invoice } = await invoiceFor("VIP", 200);
    await invoiceFor("VIP", 170); // another reserved invoice: the watcher is watching
    const tx = pay(invoice.amount);
    await watchIncomingTransfers();
    expect(await transferRow(tx)).toMatchObject({ status: "REVIEW", invoiceId: invoice.invoice_id });
    expect((await transferRow(tx)).reason).toMatch(/^late: sent .* after invoice .* closed \(grace period ended .*\): needs review$/);
    const row = await invoiceRow(invoice.invoice_id);
    expect(row).toMatchObject({ status: "EXPIRED", paymentId: null });
    expect(row.reason).toMatch(/expired: no payment arrived in time; a transfer arrived after the grace period/);
  });

  it("underpaid: review, the invoice stays open and says so", async () => {
    const { invoice, user } = await invoiceFor();
    const short = (Number(invoice.amount) - 1).toFixed(6); // an exchange kept a 1 USDT fee
    const tx = pay(short);
    await watchIncomingTransfers();
    expect((await transferRow(tx)).reason).toBe(`underpaid by 1 USDT (sent ${Number(short)}, invoice ${invoice.invoice_id} asks ${Number(invoice.amount)}): needs review`);
    const row = await invoiceRow(invoice.invoice_id);
    expect(row).toMatchObject({ status: "OPEN", paymentId: null });
    expect(row.reason).toMatch(/^underpaid: /);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan).toBe("TRIAL");
  });

  it("overpaid: activated, the overpayment recorded", async () => {
    const { invoice } = await invoiceFor();
    const tx = pay((Number(invoice.amount) + 2).toFixed(6));
    await watchIncomingTransfers();
    const row = await invoiceRow(invoice.invoice_id);
    expect(row.payment?.status).toBe("CONFIRMED");
    expect(row.reason).toBe("overpaid by 2 USDT (recorded)");
    expect(row.payment!.verification).toMatchObject({ overpaidBy: "2", txid: tx });
  });

  it("two transfers for one invoice: the first pays, the second waits for review", async () => {
    const { invoice, user } = await invoiceFor();
    const first = pay(invoice.amount);
    const second = pay(invoice.amount, { timestamp: Date.now() + 1 });
    await watchIncomingTransfers();
    expect(await transferRow(first)).toMatchObject({ status: "MATCHED" });
    expect(await transferRow(second)).toMatchObject({ status: "REVIEW", reason: `second transfer for invoice ${invoice.invoice_id}, already paid by ${first}: needs review` });
    expect(await db().payment.count({ where: { userId: user.id } })).toBe(1);
  });

  it("an amount no invoice holds: listed as unmatched for the admin", async () => {
    await invoiceFor();
    const tx = pay("49");
    await watchIncomingTransfers();
    expect(await transferRow(tx)).toMatchObject({ status: "UNMATCHED", reason: "no invoice holds 49 USDT: assign it to a user by hand", invoiceId: null });
  });

  it("a look-alike token is ignored even if the API listed it", async () => {
    const { invoice } = await invoiceFor();
    const fake = pay(invoice.amount, { contract: LOOKALIKE_USDT_CONTRACT });
    // A TronGrid that did not filter by contract_address: the item's token is checked again.
    const unfiltered: typeof fetch = (url, init) => {
      const u = new URL(url as string);
      u.searchParams.delete("contract_address");
      return fetch(u, init);
    };
    const report = await watchIncomingTransfers({ fetch: unfiltered });
    expect(report.ignored).toBeGreaterThanOrEqual(1);
    expect(await db().incomingTransfer.findUnique({ where: { txId: fake } })).toBeNull();
    expect((await invoiceRow(invoice.invoice_id)).status).toBe("OPEN");
  });

  it("TronGrid down: nothing decided, the cursor stays, the next run catches up", async () => {
    const { invoice } = await invoiceFor();
    const tx = pay(invoice.amount);
    const before = await db().chainCursor.findUnique({ where: { id: "trc20-incoming" } });
    tron.failNext(1, 503);
    const down = await watchIncomingTransfers();
    expect(down.error).toMatch(/^TronGrid unavailable: HTTP 503/);
    expect(down.recorded).toBe(0);
    expect((await db().chainCursor.findUnique({ where: { id: "trc20-incoming" } }))?.timestampMs).toEqual(before?.timestampMs);
    expect(await db().incomingTransfer.findUnique({ where: { txId: tx } })).toBeNull();
    tron.goDown();
    expect((await watchIncomingTransfers()).error).toMatch(/^TronGrid unavailable: /);
    tron.comeBack();
    expect(await watchIncomingTransfers()).toMatchObject({ error: null, matched: 1 });
    expect((await invoiceRow(invoice.invoice_id)).payment?.status).toBe("CONFIRMED");
  });

  it("an unsolidified transfer is not listed until it solidifies", async () => {
    const { invoice } = await invoiceFor();
    const tx = tron.addTransfer({ amountUsdt: invoice.amount, solidified: false, timestamp: Date.now() });
    await watchIncomingTransfers();
    expect(await db().incomingTransfer.findUnique({ where: { txId: tx } })).toBeNull();
    tron.solidify(tx);
    await watchIncomingTransfers();
    expect((await invoiceRow(invoice.invoice_id)).payment?.status).toBe("CONFIRMED");
  });
});

describe("two app processes watching at once", () => {
  it("never confirm a transfer twice", async () => {
    const invoices = await Promise.all(Array.from({ length: 12 }, () => invoiceFor()));
    const txs = invoices.map(({ invoice }) => pay(invoice.amount));
    const env = { ...process.env, TRON_API_URL: tron.apiUrl, USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS };
    const workers = [0, 1].map(() => {
      const child = fork("test/workers/watch-payments.ts", [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      const messages: any[] = [];
      const wait = (pick: (m: any) => boolean) =>
        new Promise<any>((resolve, reject) => {
          const found = messages.find(pick);
          if (found) return resolve(found);
          child.on("message", (m) => (messages.push(m), pick(m) && resolve(m)));
          child.once("exit", (code) => reject(new Error(`watch worker exited (${code})`)));
        });
      child.on("message", (m) => void messages.push(m));
      return { child, wait };
    });
    await Promise.all(workers.map((w) => w.wait((m) => m?.ready === true)));
    for (const w of workers) w.child.send("go");
    const reports = (await Promise.all(workers.map((w) => w.wait((m) => m?.report)))).map((m) => m.report as TWatchReport);
    expect(reports.reduce((n, r) => n + r.matched, 0)).toBe(12);
    expect(reports.reduce((n, r) => n + r.activated, 0)).toBe(12);
    expect(await db().payment.count({ where: { txHash: { in: txs }, status: "CONFIRMED" } })).toBe(12);
    expect(await db().payment.count({ where: { txHash: { in: txs } } })).toBe(12);
    for (const { invoice, user } of invoices) {
      const row = await invoiceRow(invoice.invoice_id);
      expect(row.payment?.userId).toBe(user.id);
      // 30 days once, not twice.
      expect(row.user.planExpiresAt!.getTime()).toBeLessThan(Date.now() + 31 * 86_400_000);
    }
  }, 180_000);
});

describe("the admin's unmatched transfers", () => {
  it("lists an unmatched transfer and assigns it to a user's plan, once", async () => {
    await invoiceFor();
    const tx = pay("99");
    await watchIncomingTransfers();
    const admin = await createAdmin();
    const trpc = await callerAs(admin.token);
    const listed = await trpc.payments.transfers({ status: "UNMATCHED", page: 1, per_page: 100 });
    expect(listed.transfers.find((t) => t.tx_id === tx)).toMatchObject({ amount: "99", status: "UNMATCHED", invoice_id: null });
    const { user, token } = await createUser();
    const assigned = await trpc.payments.assignTransfer({ tx_id: tx, user_id: user.id, plan: "PREMIUM" });
    expect(assigned.payment).toMatchObject({ status: "CONFIRMED", user_id: user.id, plan: "PREMIUM", tx_hash: tx, paid_amount: "99" });
    expect(await transferRow(tx)).toMatchObject({ status: "ASSIGNED", assignedById: admin.user.id });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan).toBe("PREMIUM");
    expect(await trpcError(trpc.payments.assignTransfer({ tx_id: tx, user_id: user.id, plan: "PREMIUM" }))).toMatchObject({ code: "CONFLICT" });
    expect(await trpcError((await callerAs(token)).payments.transfers({ page: 1, per_page: 20 }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("the REST routes answer bad input with a 400 naming the field, a stranger with 403, and change nothing", async () => {
    await invoiceFor();
    const tx = pay("99");
    await watchIncomingTransfers();
    const admin = await createAdmin();
    const { user, token } = await createUser();
    const list = (query: string, as = admin.token) => call(transfersRoute.GET, { path: `/api/admin/payments/transfers${query}`, token: as });
    expect(expectError(await list("?status=X"), 400).message).toContain("status");
    expect(expectError(await list("?per_page=1000"), 400).message).toContain("per_page");
    expectError(await list("", token), 403);
    const assign = (txId: string, body: unknown, as = admin.token) => call(assignRoute.POST, { method: "POST", path: `/api/admin/payments/transfers/${txId}/assign`, params: { txId }, body, token: as });
    expect(expectError(await assign(tx, { user_id: "abc", plan: "VIP" }), 400).message).toContain("user_id");
    expect(expectError(await assign(tx, { user_id: 3_000_000_000, plan: "VIP" }), 400).message).toContain("user_id");
    expect(expectError(await assign(tx, { user_id: user.id }), 400).message).toContain("plan");
    expect(expectError(await assign("not-a-hash", { user_id: user.id, plan: "VIP" }), 400).message).toContain("tx_id");
    expectError(await assign(tx, { user_id: 2_000_000_000, plan: "VIP" }), 404);
    expectError(await assign(tx, { user_id: user.id, plan: "VIP" }, token), 403);
    expect(await transferRow(tx)).toMatchObject({ status: "UNMATCHED" });
  });
});
