// A hash was submitted: check it against the chain at once. Still pending → the sweeper
// (sweep-payments) checks it again with backoff.
import { syncAllVipAccess } from "@/server/membership/access";
import { checkPayment } from "@/server/payments/check-payment";
import { OUTBOX_PENDING_EVENT } from "@/server/signals/announce";
import { PAYMENT_SUBMITTED_EVENT } from "@/server/payments/events";
import { defineJob } from "../define-job";

export const verifyPayment = defineJob({ id: "verify-payment", triggers: [{ event: PAYMENT_SUBMITTED_EVENT }], retries: 3 }, async ({ event, step }) => {
  const paymentId = String(event.data.paymentId);
  const outcome = await step.run("check-payment", () => checkPayment(paymentId));
  // A confirmed payment's VIP invite goes out now rather than at the next expiry sweep.
  const access = await step.run("sync-vip-access", () => syncAllVipAccess());
  if (access.granted > 0) await step.sendEvent("kick-outbox", { name: OUTBOX_PENDING_EVENT, data: {} });
  return { paymentId, outcome };
});
