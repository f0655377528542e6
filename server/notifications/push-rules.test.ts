import { describe, expect, it } from "vitest";
import { pushPlansForOutbox, pushPlansForUserNotes, pushText } from "./push-rules";

describe("pushText", () => {
  it("turns Telegram HTML into a plain title (first line) and body", () => {
    expect(pushText("<b>#Signal #BTC/USDT $BTC</b>\nLong 🚀 Lev x10\nEntry: 1 &lt; 2 &amp; &quot;ok&quot;")).toEqual({
      title: "#Signal #BTC/USDT $BTC",
      body: 'Long 🚀 Lev x10\nEntry: 1 < 2 & "ok"',
    });
  });
  it("clips what Expo would refuse as too big", () => {
    const { title, body } = pushText(`${"t".repeat(500)}\n${"b".repeat(5000)}`);
    expect(title.length).toBeLessThanOrEqual(120);
    expect(body.length).toBeLessThanOrEqual(600);
    expect(body.endsWith("…")).toBe(true);
  });
});

describe("pushPlansForOutbox", () => {
  const id = "5b0c2a7e-3f7d-4a51-9d7e-2f1f0d8c9a11";
  it("signals by tier, copies by owner, the halt once (its admin message), and nothing for group-only kinds", () => {
    const plans = pushPlansForOutbox([
      { audience: "vip", kind: "signal", body: "<b>x</b>", dedupeKey: `signal:${id}` },
      { audience: "trial", kind: "signal_teaser", body: "<b>x</b>", dedupeKey: `signal:${id}` },
      { audience: "vip", kind: "autotrade_opened", body: "opened", dedupeKey: `autotrade-opened:${id}` },
      { audience: "vip", kind: "autotrade_closed", body: "closed", dedupeKey: `autotrade-closed:${id}:tick` },
      { audience: "admin", kind: "kill_switch", body: "🚨 GLOBAL HALT ENABLED\nReason: r", dedupeKey: "kill-switch:on:t" },
      { audience: "vip", kind: "kill_switch", body: "🚨 GLOBAL HALT ENABLED\nReason: r", dedupeKey: "kill-switch:on:t" },
      { audience: "admin", kind: "vip_activated", body: "x", dedupeKey: "payment-confirmed:1" },
      { audience: "admin", kind: "daily_report", body: "x", dedupeKey: "d" },
    ]);
    expect(plans.map((p) => [p.kind, p.preference, p.dedupeKey])).toEqual([
      ["signal", "notify_signals", `signal:${id}:vip`],
      ["signal_teaser", "notify_signals", `signal:${id}:trial`],
      ["copy_opened", "notify_trades", `copy-opened:${id}`],
      ["copy_closed", "notify_trades", `copy-closed:${id}`],
      ["kill_switch", "notify_trades", "kill-switch:on:t"],
    ]);
  });
  it("a user's own notifications go to that user under the payment preference", () => {
    const [plan] = pushPlansForUserNotes([{ userId: 7, kind: "payment_confirmed", title: "✅ Payment Verified – Plan Activated", body: "b", dedupeKey: "k" }]);
    expect(plan).toMatchObject({ kind: "payment_confirmed", title: "✅ Payment Verified – Plan Activated", preference: "notify_payments", dedupeKey: "note:k" });
  });
});
