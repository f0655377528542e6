// The dashboard's user procedures: list and page, and an audited plan/role change with a reason.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { callerAs, trpcError } from "@/test/helpers/trpc";

describe("users router", () => {
  it("changes a plan with a reason: audited with before and after, shown on the user's page", async () => {
    const { user: actor, token } = await createAdmin();
    const admin = await callerAs(token);
    const { user } = await createUser();
    const changed = await admin.users.updateSubscription({ id: user.id, plan: "VIP", reason: "paid by bank transfer" });
    expect(changed).toMatchObject({ plan: "VIP", effective_plan: "VIP", role: "USER" });
    const page = await admin.users.get({ id: user.id });
    expect(page.user).toMatchObject({ id: user.id, plan: "VIP", effective_plan: "VIP" });
    expect(page.changes[0]).toMatchObject({
      action: "user.subscription.update",
      actor: { id: actor.id },
      details: { plan: "VIP", reason: "paid by bank transfer", before: { plan: "TRIAL" }, after: { plan: "VIP" } },
    });
  });

  it("needs a reason, an existing user and the admin role", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const { user, token } = await createUser();
    expect((await trpcError(admin.users.updateSubscription({ id: user.id, plan: "VIP", reason: " " }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(admin.users.updateSubscription({ id: 2_000_000_000, plan: "VIP", reason: "x" }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.users.get({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    const self = await callerAs(token);
    expect((await trpcError(self.users.updateSubscription({ id: user.id, plan: "VIP", reason: "me" }))).code).toBe("FORBIDDEN");
    expect((await trpcError(self.users.list({ page: 1, per_page: 10 }))).code).toBe("FORBIDDEN");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan).toBe("TRIAL");
  });
});
