export { TradeScreen as default } from "../trade/trade-screen";
