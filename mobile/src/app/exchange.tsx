export { ExchangeScreen as default } from "../exchange/exchange-screen";
