// Safety and risk for the dashboard and the app: the same services as /api/safety/* and /api/risk/*.
import { z } from "zod";
import { getRiskLimits, updateRiskLimits } from "../../risk/risk-limits";
import { blockedTradeCounts, listRiskEvents } from "../../risk/risk-events";
import { getSafetyStatus, getSafetyWidget, setKillSwitch } from "../../risk/safety";
import { ZKillSwitchToggle, ZRiskEventsQuery } from "../../risk/schemas";
import { adminProcedure, protectedProcedure, router } from "../init";

const ZDay = z.strictObject({ day: z.iso.date({ error: "must be a date (YYYY-MM-DD)" }).transform((d) => new Date(`${d}T00:00:00Z`)).optional() });

export const safetyRouter = router({
  status: protectedProcedure.query(({ ctx }) => getSafetyStatus(ctx.user)),
  widget: protectedProcedure.query(() => getSafetyWidget()),
  toggle: adminProcedure.input(ZKillSwitchToggle).mutation(({ ctx, input }) => setKillSwitch(ctx.user, input.kill_switch, input.reason ?? null)),
  limits: protectedProcedure.query(({ ctx }) => getRiskLimits(ctx.user.id)),
  /** Any subset of the risk group; invalid fields → BAD_REQUEST naming the field, nothing saved. */
  updateLimits: protectedProcedure.input(z.record(z.string(), z.unknown())).mutation(({ ctx, input }) => updateRiskLimits(ctx.user.id, input)),
  events: adminProcedure.input(ZRiskEventsQuery).query(({ input }) => listRiskEvents(input)),
  /** Trades refused on one UTC day (default today), by kind and rule. */
  blocked: adminProcedure.input(ZDay).query(({ input }) => blockedTradeCounts(input.day ?? new Date())),
});
