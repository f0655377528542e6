// Every 5 minutes: paid plans past their expiry fall back to TRIAL; the admin chat and the users
// are told (outbox + notifications, written with the change) and lapsed members are removed from
// the VIP group; any plan that became paid elsewhere (a payment) gets its VIP invite; then
// delivery is kicked.
import { outboxPending } from "@/server/jobs/catalog";
import { syncAllVipAccess } from "@/server/membership/access";
import { expirePlans } from "@/server/subscriptions/expire-plans";
import { defineJob } from "../define-job";

export const expireSubscriptions = defineJob(
  { id: "expire-subscriptions", triggers: [{ cron: "*/5 * * * *" }], retries: 2, singleton: true },
  async ({ step }) => {
    const result = await step.run("expire-plans", () => expirePlans());
    const access = await step.run("sync-vip-access", () => syncAllVipAccess());
    if (result.expired.length + access.granted + access.revoked > 0) await step.sendEvent("kick-outbox", outboxPending.create({}));
    return { ...result, vip_access: access };
  },
);
