// Delivers the outbox to Telegram and the queued pushes to Expo: at once when something was
// queued, and every minute as a sweeper (retries after outages and rate limits, anything whose
// kick was lost, and the push receipts that have become ready).
import { deliverTelegramOutbox } from "@/server/deliver-telegram";
import { deliverExpoPush } from "@/server/devices/deliver-push";
import { outboxPending } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const deliverNotifications = defineJob(
  { id: "deliver-notifications", triggers: [outboxPending, { cron: "* * * * *" }], retries: 2, singleton: true },
  async ({ step }) => {
    const telegram = await step.run("deliver-outbox", () => deliverTelegramOutbox());
    const push = await step.run("deliver-push", () => deliverExpoPush());
    return { telegram, push };
  },
);
