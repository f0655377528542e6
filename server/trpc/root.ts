import { createCallerFactory, router } from "./init";
import { meRouter } from "./routers/me";
import { partnersRouter } from "./routers/partners";
import { paymentsRouter } from "./routers/payments";

export const appRouter = router({ me: meRouter, payments: paymentsRouter, partners: partnersRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
