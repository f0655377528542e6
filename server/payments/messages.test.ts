import { describe, expect, it } from "vitest";
import { adminActivatedText, partnerReferralText, vipActivatedText } from "./messages";

describe("payment announcements", () => {
  it("the VIP group's text, in the operator's words, user text escaped", () => {
    expect(vipActivatedText({ username: "<b>bob</b>&co", plan: "PREMIUM", validTill: new Date("2026-12-25T08:16:59Z") })).toBe(
      "🎉 New VIP Activated!\n👤 User: &lt;b&gt;bob&lt;/b&gt;&amp;co\n💎 Plan: PREMIUM\n⏳ Valid Till: 2026-12-25 08:16 UTC",
    );
  });
  it("the admin's text adds the email, the amount and the hash", () => {
    const text = adminActivatedText({ username: "bob", email: "b<o>b@x.io", plan: "VIP", validTill: new Date(0), paidAmount: "49", txHash: "ab".repeat(32), manual: true });
    expect(text).toContain("📧 b&lt;o&gt;b@x.io");
    expect(text).toContain("💵 Paid: 49 USDT (TRC-20) · confirmed by an admin");
    expect(text).toContain(`<code>${"ab".repeat(32)}</code>`);
  });
  it("the referral alert", () => {
    expect(partnerReferralText({ partnerName: "A & B", referralCode: "ab", username: "u", plan: "VIP", credit: "10" }).split("\n")[0]).toBe("Partner referral completed 💼");
  });
});
