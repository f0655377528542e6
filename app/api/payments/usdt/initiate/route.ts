import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { initiatePayment } from "@/server/payments/initiate-payment";
import { toPaymentStatusDto } from "@/server/payments/payment-dto";
import { ZInitiatePaymentInput } from "@/server/payments/schemas";
import { listPlans } from "@/server/subscriptions/plans";

// Anonymous callers (the payment page, the app) learn the status view only: not the account's
// name, which an email alone must not reveal.
export const POST = route({ auth: "app", body: ZInitiatePaymentInput }, async ({ body }) => {
  const payment = await initiatePayment(body);
  return created({
    message: "Payment submitted: pending verification",
    payment: { ...toPaymentStatusDto(payment), tx_hash: payment.txHash },
    pay_to: { address: listPlans().address, network: "TRC20", currency: "USDT", amount: payment.expectedAmount.toString() },
  });
});
export const OPTIONS = preflightResponse;
