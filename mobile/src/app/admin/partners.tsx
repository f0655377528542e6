export { PartnersScreen as default } from "../../admin/admin-screens";
