import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { initiatePayment } from "@/server/payments/initiate-payment";
import { toPaymentStatusDto } from "@/server/payments/payment-dto";
import { ZInitiatePaymentInput } from "@/server/payments/schemas";
import { listPlans } from "@/server/subscriptions/plans";

// Signed in (bearer) or not (the payment page, the operator's tokenless request). The answer is
// the status view only, the same for every email: nothing says whether the email has an account.
export const POST = route({ auth: "app-optional", body: ZInitiatePaymentInput }, async ({ body, user, ip }) => {
  const payment = await initiatePayment(body, { user, ip });
  return created({
    message: "Payment submitted: pending verification",
    payment: { ...toPaymentStatusDto(payment), tx_hash: payment.txHash },
    pay_to: { address: listPlans().address, network: "TRC20", currency: "USDT", amount: payment.expectedAmount.toString() },
  });
});
export const OPTIONS = preflightResponse;
