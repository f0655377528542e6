// The dashboard's tRPC procedures for plans, payments and partners: the same services and the
// same rules (and error codes) as the REST routes.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { configurePayments, recordJobEvents, txHash } from "@/test/helpers/payments";
import { callerAs, trpcError } from "@/test/helpers/trpc";

const as = callerAs;


beforeAll(() => void configurePayments());
beforeEach(() => void recordJobEvents());

describe("payments router", () => {
  it("plans are public", async () => {
    const plans = await (await as()).payments.plans();
    expect(plans.plans.map((p) => [p.plan, p.price_usdt])).toEqual([
      ["VIP", "49"],
      ["PREMIUM", "99"],
    ]);
  });

  it("initiate → byId (status view anonymously, full for the owner) → admin verify → mine", async () => {
    const { user, token } = await createUser();
    const hash = txHash();
    const anon = await as();
    const submitted = await anon.payments.initiate({ email: user.email, plan: "PREMIUM", tx_hash: `0x${hash}`, network: "trc-20" });
    expect(submitted).toMatchObject({ status: "PENDING", plan: "PREMIUM", tx_hash: hash, expected_amount: "99" });
    expect(await anon.payments.byId({ id: submitted.id })).not.toHaveProperty("email");
    expect(await (await as(token)).payments.byId({ id: submitted.id })).toMatchObject({ email: user.email });

    const admin = await createAdmin();
    const verified = await (await as(admin.token)).payments.verify({ tx_hash: hash });
    expect(verified.payment.status).toBe("CONFIRMED");
    expect((await (await as(token)).payments.mine()).payments.map((p) => p.status)).toEqual(["CONFIRMED"]);
    expect((await (await as(admin.token)).payments.list({ status: "CONFIRMED", page: 1, per_page: 100 })).payments.some((p) => p.id === submitted.id)).toBe(true);
  });

  it("the same refusals as REST: TRIAL plan, non-admin verify/reject, decided payment", async () => {
    const { user, token } = await createUser();
    const anon = await as();
    expect((await trpcError(anon.payments.initiate({ email: user.email, plan: "TRIAL", tx_hash: txHash(), network: "TRC20" }))).code).toBe("BAD_REQUEST");
    const hash = txHash();
    await anon.payments.initiate({ email: user.email, plan: "VIP", tx_hash: hash, network: "TRC20" });
    expect((await trpcError(anon.payments.initiate({ email: user.email, plan: "VIP", tx_hash: hash, network: "TRC20" }))).code).toBe("CONFLICT");
    expect((await trpcError((await as(token)).payments.verify({ tx_hash: hash }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await as(token)).payments.reject({ tx_hash: hash, reason: "x" }))).code).toBe("FORBIDDEN");
    expect((await trpcError(anon.payments.mine())).code).toBe("UNAUTHORIZED");
    const admin = await as((await createAdmin()).token);
    await admin.payments.reject({ tx_hash: hash, reason: "not ours" });
    expect((await trpcError(admin.payments.verify({ tx_hash: hash }))).code).toBe("CONFLICT");
    expect((await db().payment.findFirstOrThrow({ where: { txHash: hash } })).status).toBe("REJECTED");
  });
});

describe("payments list filters", () => {
  it("filters the history by status, plan and q (payer's email or the hash's start)", async () => {
    const { user } = await createUser();
    const hash = txHash();
    await (await as()).payments.initiate({ email: user.email, plan: "PREMIUM", tx_hash: hash, network: "TRC20" });
    const admin = await as((await createAdmin()).token);
    const ids = async (q: Record<string, string>) => (await admin.payments.list({ page: 1, per_page: 100, ...q })).payments.map((p) => p.tx_hash);
    expect(await ids({ q: user.email.toUpperCase() })).toEqual([hash]);
    expect(await ids({ q: `0x${hash.slice(0, 12)}`, status: "PENDING", plan: "PREMIUM" })).toEqual([hash]);
    expect(await ids({ q: user.email, plan: "VIP" })).toEqual([]);
    expect(await ids({ q: user.email, status: "CONFIRMED" })).toEqual([]);
  });
});

describe("partners router", () => {
  it("admin CRUD with derived figures; duplicate codes conflict; subscribers are refused", async () => {
    const admin = await as((await createAdmin()).token);
    const code = `Trpc_${uniq()}`;
    const created = await admin.partners.create({ name: "Via tRPC", referral_code: code });
    expect(created).toMatchObject({ referral_code: code.toLowerCase(), total_referrals: 0, earnings: "0" });
    expect((await trpcError(admin.partners.create({ name: "Dup", referral_code: code.toUpperCase() }))).code).toBe("CONFLICT");
    expect(await admin.partners.update({ id: created.id, values: { name: "Renamed" } })).toMatchObject({ name: "Renamed" });
    expect((await admin.partners.list({ q: code, page: 1, per_page: 10 })).partners.map((p) => p.id)).toEqual([created.id]);
    expect(await admin.partners.get({ id: created.id })).toMatchObject({ id: created.id });

    const subscriber = await as((await createUser({ plan: "PREMIUM" })).token);
    expect((await trpcError(subscriber.partners.list({ page: 1, per_page: 10 }))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.partners.delete({ id: created.id }))).code).toBe("FORBIDDEN");

    expect(await admin.partners.delete({ id: created.id })).toEqual({ deleted: true, id: created.id });
    expect((await trpcError(admin.partners.get({ id: created.id }))).code).toBe("NOT_FOUND");
  });
});
