// GET /api/admin/live: the dashboard's live stream emits a topic on each change the services
// announce after commit — an outbox message sent or failed, a position opened or closed, a VIP
// group member's status, a payment submitted, confirmed or rejected, the kill switch toggled — and, on PostgreSQL, a NOTIFY from another process reaches it (LISTEN).
// Read from the real ReadableStream the route returns; admin only.
//
// The route imports `@/auth` (next-auth), which cannot be loaded under vitest: only the session
// lookup is replaced by a stand-in (these tests use bearer tokens); the rest is real.
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, requireDatabaseUrl } from "@/server/db/client";
import { canListen } from "@/server/db/listen";
import { announceChange, LIVE_CHANNEL } from "@/server/live-updates/live-updates";
import { recordMemberStatus } from "@/server/membership/updates";
import { deliverOutboxOnce } from "@/server/notifications/deliver-outbox";
import { enqueueOutbox } from "@/server/notifications/outbox";
import { confirmPayment } from "@/server/payments/confirm-payment";
import { initiatePayment } from "@/server/payments/initiate-payment";
import { sweepPendingPayments } from "@/server/payments/sweep-payments";
import { setKillSwitch } from "@/server/risk/safety";
import { closePosition } from "@/server/trading/close-position";
import { openPosition } from "@/server/trading/open-position";
import { createFakePriceFeed } from "@/test/fakes/price-feed";
import { anonymousSubmitter, configurePayments, recordJobEvents, scriptedProvider, txHash } from "@/test/helpers/payments";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { openSse, type TFrame, type TSseClient } from "@/test/helpers/sse";
import { createTrader, long100, storeSignal } from "@/test/helpers/trading";
import type * as FeedHub from "@/server/signals/feed-hub";
import { GET as live } from "./route";

vi.mock("@/auth", () => ({ auth: async () => null }));
// A hook into the stream's opening: between its live-updates subscription and its feed subscription.
const hooks = vi.hoisted(() => ({ beforeFeedSubscribe: undefined as undefined | (() => Promise<void>) }));
vi.mock("@/server/signals/feed-hub", async (importOriginal) => {
  const real = await importOriginal<typeof FeedHub>();
  return {
    ...real,
    subscribeFeed: async (...args: Parameters<typeof real.subscribeFeed>) => {
      await hooks.beforeFeedSubscribe?.();
      return real.subscribeFeed(...args);
    },
  };
});

const URL = "http://localhost/api/admin/live";
const open: TSseClient[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

async function connect(token?: string): Promise<TSseClient> {
  const client = await openSse(live, URL, token ? { authorization: `Bearer ${token}` } : {});
  open.push(client);
  if (client.status === 200) await client.waitFor((f) => f.event === "ready");
  return client;
}

/** Runs `change` and waits for one more `event` frame than there were before it. */
async function expectEmits(client: TSseClient, event: string, change: () => Promise<unknown>): Promise<void> {
  const before = client.count(event);
  await change();
  await client.waitFor((f: TFrame) => f.event === event && client.count(event) > before);
  expect(client.count(event)).toBeGreaterThan(before);
}

describe("GET /api/admin/live", () => {
  it("an announcement arriving while the stream is being opened is written, and the stream stays open (it once closed the stream before it opened)", async () => {
    const { token } = await createAdmin();
    hooks.beforeFeedSubscribe = async () => {
      hooks.beforeFeedSubscribe = undefined;
      await announceChange("delivery");
      await new Promise((r) => setTimeout(r, 200)); // on PostgreSQL the NOTIFY comes back through LISTEN
    };
    const client = await connect(token);
    expect(client.count("delivery")).toBeGreaterThan(0);
    const before = client.count("membership");
    await announceChange("membership");
    await client.waitFor((f) => f.event === "membership" && client.count("membership") > before);
  });

  it("is an admin's event stream: 401 without credentials, 403 for a subscriber, text/event-stream opening with ready", async () => {
    expect(await connect()).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await connect("not-a-token")).toMatchObject({ status: 401 });
    expect(await connect((await createUser({ plan: "PREMIUM" })).token)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const client = await connect((await createAdmin()).token);
    expect(client.status).toBe(200);
    expect(client.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(client.frames[0]).toMatchObject({ retry: "3000" });
  });

  it("emits delivery when an outbox message is sent, and again when one fails for good", async () => {
    const client = await connect((await createAdmin()).token);
    // A chat each: a chat gets one message a second, so a second one there would only wait.
    const queue = (body: string) => {
      setEnv({ VIP_CHAT_ID: uniqueChatId() });
      return db().$transaction((tx) => enqueueOutbox(tx, [{ audience: "vip", kind: "test", body, dedupeKey: `live-${uniq()}` }]));
    };

    // Passes until this test's message is done: a pass may defer it when the second's global budget
    // (shared by every deliverer on this database) is spent.
    const deliverUntil = async (body: string, status: "SENT" | "FAILED", transport: Parameters<typeof deliverOutboxOnce>[0]) => {
      for (let i = 0; i < 100 && (await db().outboxMessage.count({ where: { body, status } })) === 0; i++) {
        await deliverOutboxOnce(transport);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    await queue("sent one");
    await expectEmits(client, "delivery", () => deliverUntil("sent one", "SENT", async () => ({ ok: true, messageId: 1 })));
    await queue("refused one");
    await expectEmits(client, "delivery", () => deliverUntil("refused one", "FAILED", async () => ({ ok: false, permanent: true, error: "Forbidden: bot was kicked" })));
    expect(await db().outboxMessage.count({ where: { body: "refused one", status: "FAILED" } })).toBe(1);
  });

  it("emits positions when a copy is opened and when it is closed", async () => {
    const client = await connect((await createAdmin()).token);
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const signal = await storeSignal(long100(symbol));
    const user = await createTrader();
    let positionId = "";
    await expectEmits(client, "positions", async () => {
      const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
      expect(r.outcome).toBe("opened");
      positionId = r.positionId!;
    });
    await expectEmits(client, "positions", () => closePosition({ positionId, reason: "test" }, { priceFeed: feed }));
    expect((await db().position.findUniqueOrThrow({ where: { id: positionId } })).status).toBe("CLOSED");
  });

  it("emits membership when a VIP group member's status changes, not for an older report", async () => {
    const client = await connect((await createAdmin()).token);
    const vip = uniqueChatId();
    setEnv({ VIP_CHAT_ID: vip });
    const who = { id: 700_000_000 + Math.floor(Math.random() * 1e6), username: "live_member" };
    await expectEmits(client, "membership", () => recordMemberStatus(vip, who, "member", new Date()));
    await expectEmits(client, "membership", () => recordMemberStatus(vip, who, "left", new Date(Date.now() + 1000)));
    // A report older than what is stored changes nothing, so nothing is announced.
    const before = client.count("membership");
    await recordMemberStatus(vip, who, "member", new Date(Date.now() - 60_000));
    await new Promise((r) => setTimeout(r, 600));
    expect(client.count("membership")).toBe(before);
  });

  it("emits payments when a payment is submitted, confirmed by an admin, rejected by the sweep's provider check", async () => {
    configurePayments();
    recordJobEvents(); // the submission's check job is not this test's
    const { user: admin } = await createAdmin();
    const client = await connect((await createAdmin()).token);
    const { user } = await createUser();
    const submit = () => initiatePayment({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }, anonymousSubmitter());

    let paid = "";
    await expectEmits(client, "payments", async () => void (paid = (await submit()).id));
    await expectEmits(client, "payments", () => confirmPayment(paid, { kind: "admin", actorId: admin.id }));
    expect((await db().payment.findUniqueOrThrow({ where: { id: paid } })).status).toBe("CONFIRMED");
    // A submission's announcement and the next one are coalesced into one frame: wait out the window.
    await new Promise((r) => setTimeout(r, 300));
    const refusedHash = txHash();
    const refused = (await initiatePayment({ email: user.email, plan: "VIP", tx_hash: refusedHash, network: "TRC20" }, anonymousSubmitter())).id;
    await new Promise((r) => setTimeout(r, 300));
    const provider = scriptedProvider();
    provider.set(refusedHash, { status: "rejected", reason: "Wrong token", details: {} });
    await expectEmits(client, "payments", async () => {
      // The minute's sweep, an hour on: the check is due.
      expect(await sweepPendingPayments({ provider, now: new Date(Date.now() + 3_600_000), only: [refused] })).toMatchObject({ rejected: 1 });
    });
    expect((await db().payment.findUniqueOrThrow({ where: { id: refused } })).status).toBe("REJECTED");
  });

  it("emits safety when an admin turns the kill switch on and off, not when it is already in that state", async () => {
    recordJobEvents(); // the alerts' outbox nudge is not this test's
    const { user: admin } = await createAdmin();
    const client = await connect((await createAdmin()).token);
    try {
      await expectEmits(client, "safety", () => setKillSwitch(admin, true, "live test"));
      await new Promise((r) => setTimeout(r, 300));
      const before = client.count("safety");
      await setKillSwitch(admin, true, "again");
      await new Promise((r) => setTimeout(r, 600));
      expect(client.count("safety")).toBe(before);
      await expectEmits(client, "safety", () => setKillSwitch(admin, false, "live test over"));
    } finally {
      await setKillSwitch(admin, false, "live test over");
    }
  });

  it.runIf(canListen())("hears another process's announcement through PostgreSQL LISTEN/NOTIFY", async () => {
    const client = await connect((await createAdmin()).token);
    const other = new pg.Client({ connectionString: requireDatabaseUrl() });
    await other.connect();
    try {
      // The stream's LISTEN connects in the background: announce until it has heard one.
      const before = client.count("positions");
      const deadline = Date.now() + 10_000;
      while (client.count("positions") === before && Date.now() < deadline) {
        await other.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, "positions"]);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(client.count("positions")).toBeGreaterThan(before);
      // Anything else on the channel is not a topic and is not passed on.
      await other.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, "<script>"]);
      await new Promise((r) => setTimeout(r, 300));
      expect(client.frames.some((f) => f.event === "<script>")).toBe(false);
    } finally {
      await other.end();
    }
  });
});
