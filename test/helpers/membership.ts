// The VIP-membership test harness: the fake Bot API with a clock the test owns, the env that points
// the platform at it, updates posted to the real webhook route, and the outbox delivered through
// the real grammy client until both sides are quiet.
import { randomInt } from "node:crypto";
import { expect } from "vitest";
import { POST as linkRoute } from "@/app/api/membership/telegram/link/route";
import { POST as telegramWebhook } from "@/app/api/telegram/webhook/route";
import { db } from "@/server/db/client";
import { deliverOutbox, type TDeliveryClock } from "@/server/notifications/deliver-outbox";
import { telegramTransport } from "@/server/deliver-telegram";
import { createTelegramSender } from "@/server/telegram/sender";
import { startFakeTelegram, type TFakeTelegram, type TFakeUser } from "@/test/fakes/telegram";
import { createUser } from "./factories";
import { call } from "./http";
import { recordJobEvents, setEnv, uniqueChatId } from "./signals";

export const MEMBERSHIP_SECRET = "membership-test-secret";

export type TMembershipHarness = {
  tg: TFakeTelegram;
  vip: string;
  trial: string;
  admin: string;
  clock: TDeliveryClock;
  /** Moves the shared clock (deliverer and fake) forward. */
  advance(ms: number): void;
  tgUser(): TFakeUser;
  flushUpdates(): Promise<void>;
  settle(): Promise<void>;
  link(token: string, u: TFakeUser): Promise<void>;
  linkedUser(plan: "TRIAL" | "VIP" | "PREMIUM", planExpiresAt?: Date): Promise<Awaited<ReturnType<typeof createUser>> & { tg: TFakeUser }>;
  dmsTo(u: TFakeUser): string[];
  close(): Promise<void>;
};

export async function startMembershipHarness(extraEnv: Record<string, string | undefined> = {}): Promise<TMembershipHarness> {
  let t = Date.now() + 1000;
  const clock: TDeliveryClock = {
    now: () => new Date(t),
    async sleep(ms) {
      t += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  const tg = await startFakeTelegram({ now: () => t, botUsername: "verzek_member_bot" });
  // The deliverer serves every queue: start from an outbox with nobody else's pending rows.
  await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });
  const vip = uniqueChatId();
  const trial = uniqueChatId();
  const admin = uniqueChatId();
  setEnv({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_BOT_USERNAME: "verzek_member_bot",
    TELEGRAM_WEBHOOK_SECRET: MEMBERSHIP_SECRET,
    VIP_CHAT_ID: vip,
    TRIAL_CHAT_ID: trial,
    ADMIN_CHAT_ID: admin,
    APP_URL: "https://app.verzek.test",
    ...extraEnv,
  });
  recordJobEvents();

  const h: TMembershipHarness = {
    tg,
    vip,
    trial,
    admin,
    clock,
    advance: (ms) => void (t += ms),
    tgUser() {
      const id = randomInt(1_000_000_000, 9_000_000_000);
      return { id, username: `tg_${id}`, first_name: "Member" };
    },
    async flushUpdates() {
      for (const update of tg.takeUpdates()) {
        const res = await call(telegramWebhook, { method: "POST", body: update, headers: { "x-telegram-bot-api-secret-token": MEMBERSHIP_SECRET } });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    },
    async settle() {
      for (let i = 0; i < 5; i++) {
        t += 2000;
        await deliverOutbox(telegramTransport(createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot })), { clock, budgetMs: 60_000 });
        await h.flushUpdates();
      }
    },
    async link(token, u) {
      const res = await call(linkRoute, { method: "POST", token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      tg.pushPrivateMessage(u, `/start ${res.body.token as string}`);
      await h.flushUpdates();
    },
    async linkedUser(plan, planExpiresAt) {
      const made = await createUser({ plan, ...(planExpiresAt ? { planExpiresAt } : {}) });
      const u = h.tgUser();
      await h.link(made.token, u);
      await h.settle();
      return { ...made, tg: u };
    },
    dmsTo: (u) => tg.sentTo(u.id).map((m) => m.text),
    async close() {
      await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });
      await tg.close();
    },
  };
  return h;
}
