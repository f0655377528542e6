import { createCallerFactory, router } from "./init";
import { analyticsRouter } from "./routers/analytics";
import { auditRouter } from "./routers/audit";
import { autoTraderRouter } from "./routers/auto-trader";
import { deliveryRouter } from "./routers/delivery";
import { exchangesRouter } from "./routers/exchanges";
import { meRouter } from "./routers/me";
import { membershipRouter } from "./routers/membership";
import { partnersRouter } from "./routers/partners";
import { paymentsRouter } from "./routers/payments";
import { reviewRouter } from "./routers/review";
import { safetyRouter } from "./routers/safety";
import { signalsRouter } from "./routers/signals";
import { tradingRouter } from "./routers/trading";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  me: meRouter,
  payments: paymentsRouter,
  partners: partnersRouter,
  exchanges: exchangesRouter,
  trading: tradingRouter,
  safety: safetyRouter,
  analytics: analyticsRouter,
  membership: membershipRouter,
  signals: signalsRouter,
  users: usersRouter,
  review: reviewRouter,
  delivery: deliveryRouter,
  audit: auditRouter,
  autoTrader: autoTraderRouter,
});
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
