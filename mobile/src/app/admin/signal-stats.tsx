export { SignalStatsScreen as default } from "../../admin/admin-screens";
