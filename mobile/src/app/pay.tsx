export { PayScreen as default } from "../payments/pay-screen";
