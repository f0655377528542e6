// The VIP group's upkeep: renewal reminders every hour, and the nightly check of who is really in
// the group (getChatMember through the outbox). Expiry and grants run with expire-subscriptions.
import { reconcileVipMembers } from "@/server/membership/reconcile";
import { sendExpiryReminders } from "@/server/membership/reminders";
import { outboxPending } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const membershipReminders = defineJob({ id: "membership-reminders", triggers: [{ cron: "7 * * * *" }], retries: 2, singleton: true }, async ({ step }) => {
  const result = await step.run("send-expiry-reminders", () => sendExpiryReminders());
  if (result.reminded > 0) await step.sendEvent("kick-outbox", outboxPending.create({}));
  return result;
});

export const membershipReconcile = defineJob({ id: "membership-reconcile", triggers: [{ cron: "30 3 * * *" }], retries: 2, singleton: true }, async ({ step }) => {
  const result = await step.run("reconcile-vip-members", () => reconcileVipMembers());
  if (result.checks > 0) await step.sendEvent("kick-outbox", outboxPending.create({}));
  return result;
});
