// Every 5 minutes: paid plans past their expiry fall back to TRIAL; the admin chat and the users
// are told (outbox + notifications, written with the change), then delivery is kicked.
import { OUTBOX_PENDING_EVENT } from "@/server/signals/announce";
import { expirePlans } from "@/server/subscriptions/expire-plans";
import { defineJob } from "../define-job";

export const expireSubscriptions = defineJob(
  { id: "expire-subscriptions", triggers: [{ cron: "*/5 * * * *" }], retries: 2, singleton: true },
  async ({ step }) => {
    const result = await step.run("expire-plans", () => expirePlans());
    if (result.expired.length > 0) await step.sendEvent("kick-outbox", { name: OUTBOX_PENDING_EVENT, data: {} });
    return result;
  },
);
