export { PaymentStatusScreen as default } from "../../payments/payment-status-screen";
