export { AdminOverviewScreen as default } from "../../admin/admin-screens";
