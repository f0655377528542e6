import { describe, expect, it } from "vitest";
import { backoffMs, nextCheckAt } from "./check-schedule";
import { ZInitiatePaymentInput, ZNetwork, ZPaidPlan, ZTxHash } from "./schemas";

const hash = "ab".repeat(32);

describe("ZTxHash", () => {
  it.each([hash, hash.toUpperCase(), `0x${hash}`, `0X${hash.toUpperCase()}`, `  ${hash}\n`])("accepts %j as the lower-case hash", (raw) => {
    expect(ZTxHash.parse(raw)).toBe(hash);
  });
  it.each(["", "ab".repeat(31), "ab".repeat(33), "zz".repeat(32), `0x0x${hash.slice(4)}`, 42, null])("refuses %j", (raw) => {
    expect(ZTxHash.safeParse(raw).success).toBe(false);
  });
});

describe("ZPaidPlan and ZNetwork", () => {
  it("plans: VIP/PREMIUM in any case; TRIAL with its own reason; anything else refused", () => {
    expect(ZPaidPlan.parse("vip")).toBe("VIP");
    expect(ZPaidPlan.parse(" Premium ")).toBe("PREMIUM");
    expect(ZPaidPlan.safeParse("TRIAL").error?.issues[0]?.message).toMatch(/TRIAL is free/);
    expect(ZPaidPlan.safeParse("GOLD").error?.issues[0]?.message).toBe("must be VIP or PREMIUM");
  });
  it.each(["TRC20", "trc20", "TRC-20", "trc_20", " Trc 20 "])("network %j is TRC20", (n) => expect(ZNetwork.parse(n)).toBe("TRC20"));
  it.each(["ERC20", "BEP20", "TRON", "", "TRC721"])("network %j is refused", (n) => expect(ZNetwork.safeParse(n).success).toBe(false));
  it("names the field of the first problem", () => {
    const r = ZInitiatePaymentInput.safeParse({ email: "a@b.co", plan: "VIP", tx_hash: hash, network: "ERC20" });
    expect(r.error?.issues[0]?.path).toEqual(["network"]);
  });
});

describe("check schedule", () => {
  it("backs off 1, 2, 4, 8, 16, 30, 30 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });
  it("never schedules past the deadline, and stops at it", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    const deadline = new Date(now.getTime() + 5 * 60_000);
    expect(nextCheckAt(1, now, deadline)).toEqual(new Date(now.getTime() + 60_000));
    expect(nextCheckAt(6, now, deadline)).toEqual(deadline);
    expect(nextCheckAt(1, deadline, deadline)).toBeNull();
    expect(nextCheckAt(1, now, null)).toEqual(new Date(now.getTime() + 60_000));
  });
});
