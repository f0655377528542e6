import { createCallerFactory, router } from "./init";
import { analyticsRouter } from "./routers/analytics";
import { exchangesRouter } from "./routers/exchanges";
import { meRouter } from "./routers/me";
import { membershipRouter } from "./routers/membership";
import { partnersRouter } from "./routers/partners";
import { paymentsRouter } from "./routers/payments";
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
});
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
