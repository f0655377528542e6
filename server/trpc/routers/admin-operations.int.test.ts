// The dashboard's operations procedures: the review queue, Telegram delivery, the audit log, the
// payments totals and the user page's sections — what they answer, what they change (audited), and
// whom and what they refuse.
import { randomInt } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { txHash } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { longSignal, recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

beforeEach(() => void recordJobEvents());

const keep = (text: string, reason: string) =>
  db().unparsedMessage.create({ data: { chatId: "-1001", messageId: String(randomInt(1, 2_000_000_000)), text, reason } });

describe("review queue", () => {
  it("turns a post into a signal with the form's schema, under the post's own id; the item and the audit log say so", async () => {
    setEnv({ VIP_CHAT_ID: uniqueChatId(), TRIAL_CHAT_ID: uniqueChatId() });
    const { user: actor, token } = await createAdmin();
    const admin = await callerAs(token);
    const symbol = uniqueSymbol();
    const post = await keep(`#${symbol.replace("USDT", "/USDT")} Long Lev x10\nEntry: 100 - Stop Loss: 105\nTargets: 110 - 120`, "stop loss not below entry for LONG");
    const pending = await admin.review.list({ q: symbol.slice(0, 8) });
    expect(pending.items.map((i) => i.id)).toEqual([post.id]);
    expect(pending.items[0]).toMatchObject({ state: "pending", reason: "stop loss not below entry for LONG" });
    expect(pending.pending).toBeGreaterThanOrEqual(1);
    expect((await admin.review.get({ id: post.id })).draft).toEqual({ symbol, direction: "LONG", entries: ["100"], targets: ["110", "120"], stopLoss: "105", leverage: 10 });

    const made = await admin.review.createSignal({ id: post.id, signal: longSignal(symbol, { entry: 100, targets: [110, 120], stop_loss: 95 }) });
    expect(made.signal).toMatchObject({ symbol, source: "TELEGRAM", status: "OPEN" });
    expect(made.item).toMatchObject({ state: "signal", signal_id: made.signal.id, resolved_by: actor.id });
    const signal = await db().signal.findUniqueOrThrow({ where: { id: made.signal.id } });
    expect(signal).toMatchObject({ externalId: `-1001:${post.messageId}`, createdById: actor.id });
    expect((await admin.review.list({ state: "signal", q: symbol.slice(0, 8) })).items.map((i) => i.id)).toEqual([post.id]);
    expect((await admin.review.list({ q: symbol.slice(0, 8) })).items).toEqual([]);
    const audit = await admin.audit.list({ action: "review.signal", target: `review:${post.id}` });
    expect(audit.events[0]).toMatchObject({ actor: { id: actor.id }, before: { state: "pending" }, after: { state: "signal", signal_id: made.signal.id } });
    // Decided once: a second decision is a 409, and no second signal exists.
    expect((await trpcError(admin.review.createSignal({ id: post.id, signal: longSignal(symbol) }))).code).toBe("CONFLICT");
    expect((await trpcError(admin.review.dismiss({ id: post.id }))).code).toBe("CONFLICT");
    expect(await db().signal.count({ where: { symbol } })).toBe(1);
  });

  it("two admins turning one post into a signal at once: one signal, the other click a 409; a click racing a dismissal publishes nothing if the dismissal wins", async () => {
    setEnv({ VIP_CHAT_ID: uniqueChatId(), TRIAL_CHAT_ID: uniqueChatId() });
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const [first, second] = await Promise.all([callerAs(a.token), callerAs(b.token)]);
    const symbol = uniqueSymbol();
    const post = await keep(`#${symbol} long, targets later`, "no targets");
    const signal = longSignal(symbol, { entry: 100, targets: [110], stop_loss: 95 });
    const both = await Promise.allSettled([first.review.createSignal({ id: post.id, signal }), second.review.createSignal({ id: post.id, signal })]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = both.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(lost.reason).toMatchObject({ name: "TRPCError", code: "CONFLICT" });
    expect(await db().signal.count({ where: { externalId: `-1001:${post.messageId}` } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "review.signal", target: `review:${post.id}` } })).toBe(1);

    // The claim comes first: whichever decision wins, the post and the signals agree.
    const symbol2 = uniqueSymbol();
    const post2 = await keep(`#${symbol2} long, targets later`, "no targets");
    const raced = await Promise.allSettled([first.review.createSignal({ id: post2.id, signal: longSignal(symbol2, { entry: 100, targets: [110], stop_loss: 95 }) }), second.review.dismiss({ id: post2.id })]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const decided = await db().unparsedMessage.findUniqueOrThrow({ where: { id: post2.id } });
    const signals = await db().signal.findMany({ where: { externalId: `-1001:${post2.messageId}` }, select: { id: true } });
    expect(signals.map((x) => x.id)).toEqual(decided.resolution === "SIGNAL" ? [decided.signalId] : []);
  });

  it("dismisses a post with a reason (audited), once", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const post = await keep(`promo ${uniq()} entry 5 sl 4`, "no trading pair");
    const { item } = await admin.review.dismiss({ id: post.id, reason: "an advert" });
    expect(item).toMatchObject({ id: post.id, state: "dismissed" });
    expect((await admin.review.list({ state: "dismissed", q: post.text.slice(6, 16) })).items.map((i) => i.id)).toEqual([post.id]);
    expect((await admin.audit.list({ action: "review.dismiss", target: `review:${post.id}` })).events[0]).toMatchObject({ details: { reason: "an advert" }, after: { state: "dismissed" } });
    expect((await trpcError(admin.review.dismiss({ id: post.id }))).code).toBe("CONFLICT");
  });

  it("refuses subscribers, anonymous callers, unknown items and bad input", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const post = await keep("BTC/USDT entry 1", "no targets");
    const subscriber = await callerAs((await createUser({ plan: "PREMIUM" })).token);
    expect((await trpcError(subscriber.review.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.review.dismiss({ id: post.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).review.list({}))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(admin.review.get({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.review.dismiss({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    for (const bad of [{ id: -1 }, { id: "1" }, { id: 1.5 }, { id: 3_000_000_000 }, {}, { id: 1, what: true }, { id: 1, reason: "x".repeat(501) }]) {
      expect((await trpcError(admin.review.dismiss(bad as never))).code).toBe("BAD_REQUEST");
    }
    expect((await trpcError(admin.review.createSignal({ id: post.id, signal: longSignal("BTCUSDT", { stop_loss: 105 }) }))).code).toBe("BAD_REQUEST");
    for (const bad of [{ state: "open" }, { per_page: 101 }, { page: 0 }, { q: "" }, { q: 5 }]) {
      expect((await trpcError(admin.review.list(bad as never))).code).toBe("BAD_REQUEST");
    }
    expect((await db().unparsedMessage.findUniqueOrThrow({ where: { id: post.id } })).resolution).toBeNull();
  });
});

describe("Telegram delivery", () => {
  it("shows each chat's backlog, failures and last send; resends a failed message and a sent one (audited), never a queued one", async () => {
    const vip = uniqueChatId();
    setEnv({ VIP_CHAT_ID: vip });
    const { user: actor, token } = await createAdmin();
    const admin = await callerAs(token);
    const row = (status: "PENDING" | "SENT" | "FAILED", extra: Record<string, unknown> = {}) =>
      db().outboxMessage.create({ data: { target: vip, kind: "signal", body: `body ${uniq()}`, dedupeKey: `t:${uniq()}`, status, ...extra } });
    const sentAt = new Date(Date.now() - 60_000);
    const sent = await row("SENT", { sentAt, attempts: 1 });
    const failed = await row("FAILED", { attempts: 3, lastError: "Bad Request: chat not found" });
    const queued = await row("PENDING", { attempts: 2, lastError: "429 retry after 5", nextAttemptAt: new Date(Date.now() + 60_000) });

    // Other test files' chats share the database and may have more open messages: page until found.
    const chatOf = async (target: string) => {
      for (let page = 1; ; page++) {
        const r = await admin.delivery.chats({ page, per_page: 100 });
        const found = r.chats.find((c) => c.target === target);
        if (found || page * 100 >= r.total) return found;
      }
    };
    expect(await chatOf(vip)).toMatchObject({
      label: "VIP group", pending: 1, failed: 1, retrying: 1, last_sent_at: sentAt.toISOString(), last_error: "429 retry after 5",
    });
    const failures = await admin.delivery.messages({ status: "FAILED", target: vip });
    expect(failures.messages.map((m) => m.id)).toEqual([failed.id.toString()]);
    expect(failures.messages[0]).toMatchObject({ chat: "VIP group", attempts: 3, last_error: "Bad Request: chat not found" });

    const again = await admin.delivery.resend({ id: failed.id.toString() });
    expect(again.queued).toMatchObject({ id: failed.id.toString(), status: "PENDING", attempts: 0, last_error: null });
    const copy = await admin.delivery.resend({ id: sent.id.toString() });
    expect(copy.queued).toMatchObject({ status: "PENDING", chat: "VIP group" });
    expect(copy.queued.id).not.toBe(sent.id.toString());
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: BigInt(copy.queued.id) } })).body).toBe(sent.body);
    expect((await trpcError(admin.delivery.resend({ id: queued.id.toString() }))).code).toBe("CONFLICT");
    // A DM sent as a Bot API call: the copy keeps the call (its text is in params, not body).
    const dm = await db().outboxMessage.create({
      data: { target: "777000111", kind: "telegram_start", method: "sendMessage", body: "sendMessage", params: { chat_id: 777000111, text: "Hello" }, dedupeKey: `t:${uniq()}`, status: "SENT", sentAt },
    });
    const dmCopy = await admin.delivery.resend({ id: dm.id.toString() });
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id: BigInt(dmCopy.queued.id) } })).toMatchObject({ method: "sendMessage", params: { chat_id: 777000111, text: "Hello" } });

    const log = await admin.audit.list({ action: "telegram.resend", actor: actor.email });
    expect(log.events.map((e) => e.target)).toEqual([`outbox:${dm.id}`, `outbox:${sent.id}`, `outbox:${failed.id}`]);
    expect(log.events[2]).toMatchObject({ before: { status: "FAILED", attempts: 3 }, after: { status: "PENDING" } });
    expect(await chatOf(vip)).toMatchObject({ pending: 3, failed: 0 });
  });

  it("refuses subscribers, anonymous callers, unknown messages and bad input", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const subscriber = await callerAs((await createUser()).token);
    expect((await trpcError(subscriber.delivery.chats({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.delivery.resend({ id: "1" }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).delivery.messages({}))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(admin.delivery.resend({ id: "999999999999" }))).code).toBe("NOT_FOUND");
    for (const bad of [{ id: "abc" }, { id: "-1" }, { id: 1 }, { id: "1".repeat(20) }, {}, { id: "1", x: 1 }]) {
      expect((await trpcError(admin.delivery.resend(bad as never))).code).toBe("BAD_REQUEST");
    }
    for (const bad of [{ status: "LOST" }, { per_page: 0 }, { target: "" }, { target: "x".repeat(65) }]) {
      expect((await trpcError(admin.delivery.messages(bad as never))).code).toBe("BAD_REQUEST");
    }
  });
});

describe("audit log", () => {
  it("a plan change is in the log with who, when, before and after; filters and pages on the server", async () => {
    const { user: actor, token } = await createAdmin();
    const admin = await callerAs(token);
    const { user } = await createUser();
    await admin.users.updateSubscription({ id: user.id, plan: "VIP", reason: "paid by bank transfer" });
    await admin.users.updateSubscription({ id: user.id, plan: "PREMIUM", reason: "upgrade" });
    const log = await admin.audit.list({ target: `user:${user.id}` });
    expect(log.total).toBe(2);
    expect(log.events[0]).toMatchObject({
      action: "user.subscription.update",
      actor: { id: actor.id, email: actor.email },
      before: { plan: "VIP" },
      after: { plan: "PREMIUM" },
      details: { reason: "upgrade" },
    });
    expect(log.actions).toContain("user.subscription.update");
    expect((await admin.audit.list({ target: `user:${user.id}`, page: 2, per_page: 1 })).events[0]).toMatchObject({ before: { plan: "TRIAL" }, after: { plan: "VIP" } });
    expect((await admin.audit.list({ target: `user:${user.id}`, actor: "nobody-" + uniq() })).total).toBe(0);
    expect((await admin.audit.list({ target: `user:${user.id}`, to: new Date(Date.now() - 3_600_000).toISOString() })).total).toBe(0);
    expect((await admin.audit.list({ target: `user:${user.id}`, from: new Date(Date.now() - 3_600_000).toISOString() })).total).toBe(2);
  });

  it("refuses subscribers, anonymous callers and bad input", async () => {
    const admin = await callerAs((await createAdmin()).token);
    expect((await trpcError((await callerAs((await createUser()).token)).audit.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).audit.list({}))).code).toBe("UNAUTHORIZED");
    for (const bad of [{ from: "yesterday" }, { page: -1 }, { per_page: 500 }, { action: "x".repeat(65) }, { who: "me" }, { target: 12 }]) {
      expect((await trpcError(admin.audit.list(bad as never))).code).toBe("BAD_REQUEST");
    }
  });
});

describe("payments totals and the user page", () => {
  it("totals follow the history's filters, exactly", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const { user } = await createUser();
    const pay = (status: "PENDING" | "CONFIRMED" | "REJECTED", paid: string | null) =>
      db().payment.create({ data: { userId: user.id, plan: "VIP", txHash: txHash(), expectedAmount: "29.000001", paidAmount: paid, status } });
    await pay("CONFIRMED", "29.000001");
    await pay("CONFIRMED", "30.5");
    await pay("PENDING", null);
    const totals = await admin.payments.totals({ q: user.email });
    expect(totals.count).toBe(3);
    expect(totals.by_status).toEqual([
      { status: "PENDING", count: 1, expected_usdt: "29.00", paid_usdt: "0.00" },
      { status: "CONFIRMED", count: 2, expected_usdt: "58.00", paid_usdt: "59.50" },
      { status: "REJECTED", count: 0, expected_usdt: "0.00", paid_usdt: "0.00" },
    ]);
    expect((await admin.payments.totals({ q: user.email, status: "PENDING" })).count).toBe(1);
    expect((await trpcError(admin.payments.totals({ status: "LOST" } as never))).code).toBe("BAD_REQUEST");
    expect((await trpcError(admin.payments.totals({ page: 1 } as never))).code).toBe("BAD_REQUEST");
    expect((await trpcError((await callerAs((await createUser()).token)).payments.totals({}))).code).toBe("FORBIDDEN");
  });

  it("shows a user's settings groups, exchange connection without keys, positions, payments, risk events and notifications", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const { user } = await createUser({ plan: "PREMIUM" });
    await db().exchangeConnection.create({ data: { userId: user.id, mode: "BINANCE_TESTNET", apiKeyEnc: "iv.tag.secret-key", apiSecretEnc: "iv.tag.secret", validatedAt: new Date("2026-12-01T10:00:00Z") } });
    const setup = await admin.users.setup({ id: user.id });
    expect(Object.keys(setup.settings)).toEqual(["general", "risk", "strategy", "dca"]);
    expect(setup.settings.risk).toMatchObject({ capital_usdt: "100", leverage: 5 });
    expect(setup.exchange).toMatchObject({ connected: true, mode: "binance_testnet", has_api_key: true, validated_at: "2026-12-01T10:00:00.000Z" });
    expect(JSON.stringify(setup)).not.toContain("secret");

    const p1 = await insertPosition(user.id, { openedAt: new Date(Date.now() - 60_000) });
    const p2 = await insertPosition(user.id, { status: "CLOSED" });
    await db().payment.create({ data: { userId: user.id, plan: "PREMIUM", txHash: txHash(), expectedAmount: "49" } });
    await db().riskEvent.create({ data: { userId: user.id, kind: "USER_BLOCKED", rule: "cooldown", symbol: "ETHUSDT", reason: "cooling down" } });
    await db().userNotification.create({ data: { userId: user.id, kind: "plan", title: "Plan activated", body: "PREMIUM", dedupeKey: `n:${uniq()}` } });
    expect((await admin.users.positions({ id: user.id })).rows.map((p) => p.id)).toEqual([p2.id, p1.id]);
    expect(await admin.users.positions({ id: user.id, page: 2, per_page: 1 })).toMatchObject({ total: 2, rows: [{ id: p1.id }] });
    expect((await admin.users.payments({ id: user.id })).rows).toMatchObject([{ plan: "PREMIUM", status: "PENDING" }]);
    expect((await admin.users.riskEvents({ id: user.id })).rows).toMatchObject([{ rule: "cooldown", reason: "cooling down" }]);
    expect((await admin.users.notifications({ id: user.id })).rows).toMatchObject([{ title: "Plan activated", read_at: null }]);

    expect((await trpcError(admin.users.setup({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.users.positions({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    for (const bad of [{ id: "1" }, { id: 0 }, { id: user.id, per_page: 51 }, { id: user.id, kind: "all" }]) {
      expect((await trpcError(admin.users.payments(bad as never))).code).toBe("BAD_REQUEST");
    }
    const self = await callerAs((await createUser()).token);
    expect((await trpcError(self.users.setup({ id: user.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError(self.users.notifications({ id: user.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).users.riskEvents({ id: user.id }))).code).toBe("UNAUTHORIZED");
  });
});
