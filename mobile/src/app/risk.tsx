export { RiskScreen as default } from "../settings/risk-screen";
