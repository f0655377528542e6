import type { TInngestJob } from "../define-job";
import { autoTradeSignal } from "./auto-trade-signal";
import { circuitBreaker } from "./circuit-breaker";
import { compactRollupsJob } from "./compact-rollups";
import { deliverNotifications } from "./deliver-notifications";
import { expireSubscriptions } from "./expire-subscriptions";
import { heartbeat } from "./heartbeat";
import { membershipReconcile, membershipReminders } from "./membership";
import { monitorPaperPositions } from "./monitor-paper-positions";
import { postDailyReport } from "./post-daily-report";
import { presetLiveSymbolsJob } from "./preset-live-symbols";
import { sweepPayments } from "./sweep-payments";
import { tradeSignalEvent } from "./trade-signal-event";
import { uptimeMonitor } from "./uptime-monitor";
import { verifyPayment } from "./verify-payment";
import { watchLivePositionsJob } from "./watch-live-positions";
import { watchPayments } from "./watch-payments";

/** Every background job; served at /api/inngest and run by server/jobs in-process mode. */
export const jobs: TInngestJob[] = [heartbeat, deliverNotifications, verifyPayment, sweepPayments, watchPayments, expireSubscriptions, postDailyReport, autoTradeSignal, tradeSignalEvent, monitorPaperPositions, circuitBreaker, watchLivePositionsJob, presetLiveSymbolsJob, membershipReminders, membershipReconcile, compactRollupsJob, uptimeMonitor];
