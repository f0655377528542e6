// Every minute, while an invoice is open or in its grace period: the USDT transfers to our
// address since the last one seen are matched to invoices by their unique amounts (one call to
// TronGrid, plus one per further page). Two runs at once stay exactly-once (see watch-transfers).
// A matched transfer's VIP invite is queued by its confirmation (confirmPaymentIn).
import { watchIncomingTransfers } from "@/server/payments/watch-transfers";
import { defineJob } from "../define-job";

export const watchPayments = defineJob({ id: "watch-payments", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true }, async ({ step }) => {
  return step.run("watch-incoming-transfers", () => watchIncomingTransfers());
});
