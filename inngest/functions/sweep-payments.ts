// Every minute: re-checks the PENDING payments whose next check is due (backoff, deadline).
import { sweepPendingPayments } from "@/server/payments/sweep-payments";
import { defineJob } from "../define-job";

export const sweepPayments = defineJob({ id: "sweep-payments", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true }, async ({ step }) =>
  step.run("sweep-pending-payments", () => sweepPendingPayments()),
);
