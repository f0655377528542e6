export { PlansScreen as default } from "../payments/plans-screen";
