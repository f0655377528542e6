// The real grammy client against the local Bot API fake: what arrives, and how failures are classified.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type TFakeTelegram } from "../../test/fakes/telegram";
import { escapeHtml } from "./format";
import { createTelegramSender } from "./sender";

const CHANNEL = "-1001234567890";
let tg: TFakeTelegram;
beforeEach(async () => {
  tg = await startFakeTelegram();
});
afterEach(async () => {
  await tg.close();
});
const sender = () => createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot });

describe("sendMessage", () => {
  it("delivers the exact text in HTML parse mode without a link preview", async () => {
    const html = `<b>BTC/USDT</b> LONG\nEntry ${escapeHtml("< 64,000 & rising")}\nhttps://example.com`;
    const result = await sender().sendMessage(CHANNEL, html);

    const [message] = tg.sentTo(CHANNEL);
    expect(result).toEqual({ ok: true, messageId: message?.messageId });
    expect(message?.text).toBe(html);
    expect(message?.parseMode).toBe("HTML");
    const call = tg.calls.find((c) => c.method === "sendMessage");
    expect(call?.params.link_preview_options).toEqual({ is_disabled: true });
  });

  it("reports 429 as transient with Telegram's retry_after", async () => {
    tg.failNext(1, { code: 429, retryAfter: 7 });
    const result = await sender().sendMessage(CHANNEL, "hi");
    expect(result).toMatchObject({ ok: false, permanent: false, retryAfterSeconds: 7 });
    expect(tg.calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("reports a 500 as transient", async () => {
    tg.failNext(1, { code: 500 });
    expect(await sender().sendMessage(CHANNEL, "hi")).toMatchObject({ ok: false, permanent: false, error: "500: Internal Server Error" });
  });

  it.each([
    [400, "Bad Request: chat not found"],
    [403, "Forbidden: bot was blocked by the user"],
  ] as const)("reports %i as permanent", async (code, description) => {
    tg.failNext(1, { code, description });
    const result = await sender().sendMessage(CHANNEL, "hi");
    expect(result).toEqual({ ok: false, permanent: true, error: `${code}: ${description}` });
  });

  it("reports HTML Telegram cannot parse as permanent", async () => {
    const result = await sender().sendMessage(CHANNEL, "entry <64000");
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(result.ok === false && result.error).toMatch(/can't parse entities/);
  });

  it("reports an unreachable API as transient, without the token, and sends once it is back", async () => {
    const s = sender();
    expect(await s.sendMessage(CHANNEL, "warm-up")).toMatchObject({ ok: true });
    tg.goDown();
    const down = await s.sendMessage(CHANNEL, "while down");
    expect(down).toMatchObject({ ok: false, permanent: false });
    expect(down.ok === false && down.error).not.toContain(tg.token);
    tg.comeBack();
    expect(await s.sendMessage(CHANNEL, "after")).toMatchObject({ ok: true });
    expect(tg.sentTo(CHANNEL).map((m) => m.text)).toEqual(["warm-up", "after"]);
  });

  it("answers false without throwing on a wrong token", async () => {
    const result = await createTelegramSender({ token: "654321:WRONG", apiRoot: tg.apiRoot }).sendMessage(CHANNEL, "hi");
    expect(result).toEqual({ ok: false, permanent: false, error: "401: Unauthorized" });
  });
});

describe("escapeHtml", () => {
  it("escapes the ampersand first, then the angle brackets", () => {
    expect(escapeHtml("a < b && c > d &lt;")).toBe("a &lt; b &amp;&amp; c &gt; d &amp;lt;");
  });
});
