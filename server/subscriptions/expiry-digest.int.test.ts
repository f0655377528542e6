// A mass expiry tells the admin chat once: one digest for the run (counts by plan, a few names),
// not a message per user; a handful of expiries still get one message each. Delivered through the
// real outbox and grammy client to the fake Bot API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { uniq } from "@/test/helpers/factories";
import { startMembershipHarness, type TMembershipHarness } from "@/test/helpers/membership";
import { addToExpiryDigest, DIGEST_FROM, DIGEST_HOLD_MS } from "./expiry-digest";
import { expirePlans } from "./expire-plans";

let h: TMembershipHarness;
beforeEach(async () => {
  h = await startMembershipHarness();
});
afterEach(async () => h.close());

/** `n` users whose paid plan ended a minute ago; returns their usernames. */
async function lapsed(n: number, plan: "VIP" | "PREMIUM"): Promise<string[]> {
  const tag = uniq();
  const data = Array.from({ length: n }, (_, i) => ({
    username: `lapsed_${tag}_${i}`,
    email: `lapsed_${tag}_${i}@example.test`,
    passwordHash: "x",
    plan,
    planExpiresAt: new Date(Date.now() - 60_000),
  }));
  await db().user.createMany({ data });
  return data.map((d) => d.username);
}
const adminRows = () => db().outboxMessage.findMany({ where: { target: h.admin }, orderBy: { id: "asc" } });

describe("the admin chat on a mass expiry", () => {
  it("450 plans ending in one run (three batches) give the admin chat one digest, sent once the run is over", async () => {
    await lapsed(300, "VIP");
    await lapsed(150, "PREMIUM");
    const { expired } = await expirePlans();
    expect(expired.length).toBeGreaterThanOrEqual(450);

    const rows = await adminRows();
    expect(rows.map((r) => r.kind)).toEqual(["plan_expired_digest"]);
    expect(rows[0]!.body).toMatch(/^⌛ 4\d\d plans expired\n💎 PREMIUM 1\d\d · VIP 3\d\d → TRIAL\n👤 (\w+, ){9}\w+ and 4\d\d more\n/);
    expect(rows[0]!.payload).toMatchObject({ count: expired.length });
    // Released at the end of the run: due now, not held.
    expect(rows[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());

    await h.settle();
    expect(h.tg.sentTo(h.admin).map((m) => m.text.split("\n")[0])).toEqual([`⌛ ${expired.length} plans expired`]);
    // Each user still hears about their own plan in the app.
    expect(await db().userNotification.count({ where: { kind: "plan_expired", user: { username: { startsWith: "lapsed_" } } } })).toBeGreaterThanOrEqual(450);
  });

  it(`fewer than ${DIGEST_FROM} at once: one message each, as before`, async () => {
    const names = await lapsed(3, "VIP");
    await expirePlans();
    const rows = await adminRows();
    expect(rows.map((r) => r.kind)).toEqual(["plan_expired", "plan_expired", "plan_expired"]);
    expect(rows.map((r) => /👤 User: (\w+)/.exec(r.body)?.[1]).sort()).toEqual([...names].sort());
  });

  it("a digest the deliverer already picked up is not rewritten: the run's next batch opens a second part", async () => {
    const run = new Date();
    await db().$transaction((tx) => addToExpiryDigest(tx, run, [{ username: "ann", old_plan: "VIP" }], run));
    let [first] = await adminRows();
    expect(first!.nextAttemptAt.getTime()).toBe(run.getTime() + DIGEST_HOLD_MS);
    await db().$transaction((tx) => addToExpiryDigest(tx, run, [{ username: "bob", old_plan: "PREMIUM" }], run));
    [first] = await adminRows();
    expect(first!.payload).toEqual({ count: 2, by_plan: { VIP: 1, PREMIUM: 1 }, sample: ["ann", "bob"] });

    await db().outboxMessage.update({ where: { id: first!.id }, data: { attempts: 1 } }); // claimed, in flight
    await db().$transaction((tx) => addToExpiryDigest(tx, run, [{ username: "cyd", old_plan: "VIP" }], run));
    const rows = await adminRows();
    expect(rows.map((r) => (r.payload as { count: number }).count)).toEqual([2, 1]);
    expect(rows[1]!.body).toMatch(/^⌛ 1 plan expired\n💎 VIP 1 → TRIAL\n👤 cyd\n/);
  });
});
