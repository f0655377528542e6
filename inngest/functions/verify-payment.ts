// A hash was submitted: check it against the chain at once. Still pending → the sweeper
// (sweep-payments) checks it again with backoff.
import { checkPayment } from "@/server/payments/check-payment";
import { paymentSubmitted } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const verifyPayment = defineJob({ id: "verify-payment", triggers: [paymentSubmitted], retries: 3 }, async ({ event, step }) => {
  const paymentId = event.data.paymentId;
  const outcome = await step.run("check-payment", () => checkPayment(paymentId));
  // A confirmation queues the VIP invite itself (confirmPaymentIn) and kicks the outbox.
  return { paymentId, outcome };
});
