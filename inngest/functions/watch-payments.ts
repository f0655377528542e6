// Every minute, while an invoice is open or in its grace period: the USDT transfers to our
// address since the last one seen are matched to invoices by their unique amounts (one call to
// TronGrid, plus one per further page). Two runs at once stay exactly-once (see watch-transfers).
// A matched transfer's VIP invite goes out now rather than at the next expiry sweep.
import { syncAllVipAccess } from "@/server/membership/access";
import { watchIncomingTransfers } from "@/server/payments/watch-transfers";
import { OUTBOX_PENDING_EVENT } from "@/server/signals/announce";
import { defineJob } from "../define-job";

export const watchPayments = defineJob({ id: "watch-payments", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true }, async ({ step }) => {
  const report = await step.run("watch-incoming-transfers", () => watchIncomingTransfers());
  if (report.matched > 0) {
    const access = await step.run("sync-vip-access", () => syncAllVipAccess());
    if (access.granted > 0) await step.sendEvent("kick-outbox", { name: OUTBOX_PENDING_EVENT, data: {} });
  }
  return report;
});
