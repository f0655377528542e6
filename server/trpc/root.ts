import { createCallerFactory, router, type TProcedureMeta } from "./init";
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

/** Every procedure of the app's router with its kind and who may call it (see TProcedureMeta). */
export function procedureAccess(): { path: string; type: "query" | "mutation" | "subscription"; access: TProcedureMeta["access"] | undefined }[] {
  // tRPC types _def.procedures by the router's shape; read flat, each entry is a built procedure.
  return Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription"; meta?: TProcedureMeta } }>)
    .map(([path, procedure]) => ({ path, type: procedure._def.type, access: procedure._def.meta?.access }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
