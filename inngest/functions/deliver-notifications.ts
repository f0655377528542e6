// Delivers the outbox to Telegram: at once when something was queued, and every minute as a
// sweeper (retries after outages and rate limits, and anything whose kick was lost).
import { deliverTelegramOutbox } from "@/server/notifications/deliver-telegram";
import { OUTBOX_PENDING_EVENT } from "@/server/signals/announce";
import { defineJob } from "../define-job";

export const deliverNotifications = defineJob(
  { id: "deliver-notifications", triggers: [{ event: OUTBOX_PENDING_EVENT }, { cron: "* * * * *" }], retries: 2, singleton: true },
  async ({ step }) => step.run("deliver-outbox", () => deliverTelegramOutbox()),
);
