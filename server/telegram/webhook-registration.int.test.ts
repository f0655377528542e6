// Webhook mode: the platform tells Telegram where to post and which updates it wants. Telegram's
// default leaves chat_member out, so without the explicit list member changes never arrive.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startMembershipHarness, MEMBERSHIP_SECRET, type TMembershipHarness } from "@/test/helpers/membership";
import { ALLOWED_UPDATES, registerTelegramWebhook } from "./webhook-registration";

let h: TMembershipHarness;
beforeEach(async () => {
  h = await startMembershipHarness();
});
afterEach(async () => h.close());

const register = (appUrl: string) => registerTelegramWebhook({ token: h.tg.token, apiRoot: h.tg.apiRoot, appUrl, secretToken: MEMBERSHIP_SECRET });

describe("registerTelegramWebhook", () => {
  it("sets the webhook with its secret and allowed_updates including chat_join_request and chat_member", async () => {
    expect(await register("https://app.verzek.test/")).toEqual({ ok: true, url: "https://app.verzek.test/api/telegram/webhook" });
    expect(h.tg.webhook()).toEqual({ url: "https://app.verzek.test/api/telegram/webhook", secretToken: MEMBERSHIP_SECRET, allowedUpdates: [...ALLOWED_UPDATES] });
    expect(ALLOWED_UPDATES).toEqual(expect.arrayContaining(["message", "chat_join_request", "chat_member", "channel_post"]));
  });

  it("without it a member's change never reaches us; with it the update arrives and the platform records the status", async () => {
    const u = h.tgUser();
    h.tg.setMemberStatus(h.vip, u, "member");
    expect(h.tg.takeUpdates()).toEqual([]); // Telegram's default: no chat_member

    await register("https://app.verzek.test");
    h.tg.setMemberStatus(h.vip, u, "left");
    h.tg.pushJoinRequest(h.vip, u);
    const kinds = h.tg.takeUpdates().map((x) => Object.keys(x).find((k) => k !== "update_id"));
    expect(kinds).toEqual(["chat_member", "chat_join_request"]);

    h.tg.setMemberStatus(h.vip, u, "member");
    await h.flushUpdates();
    const row = await db().telegramGroupMember.findUniqueOrThrow({ where: { chatId_telegramUserId: { chatId: h.vip, telegramUserId: BigInt(u.id) } } });
    expect(row.status).toBe("member");
  });

  it("a plain-HTTP APP_URL is refused by Telegram and reported, not thrown", async () => {
    const r = await register("http://localhost:3000");
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/400: Bad Request: bad webhook: An HTTPS URL must be provided/) });
  });
});
