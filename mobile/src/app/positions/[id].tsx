export { PositionDetailScreen as default } from "../../positions/position-detail-screen";
