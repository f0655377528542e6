// An admin's plan change queues the VIP invite (or the removal) and wakes the outbox at once,
// instead of leaving it to the next minute's sweep.
import { describe, expect, it } from "vitest";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { recordJobEvents } from "@/test/helpers/signals";
import { updateSubscription } from "./update-subscription";

describe("updateSubscription", () => {
  it("wakes the outbox after the change commits", async () => {
    const events = recordJobEvents();
    const admin = await createAdmin();
    const { user } = await createUser();
    await updateSubscription(admin.user.id, user.id, { plan: "VIP", reason: "test" });
    expect(events.map((e) => e.name)).toContain("notifications/outbox.pending");
  });
});
