export { PositionsScreen as default } from "../../positions/positions-screen";
