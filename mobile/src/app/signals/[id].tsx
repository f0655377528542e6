export { SignalDetailScreen as default } from "../../signals/signal-detail-screen";
