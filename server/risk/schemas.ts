// Request shapes of the safety and risk routes.
import { z } from "zod";

export const ZKillSwitchToggle = z.strictObject({
  kill_switch: z.boolean({ error: "must be true or false" }),
  reason: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(500, "must be at most 500 characters").optional(),
});

export const ZRiskEventsQuery = z.strictObject({
  since: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((s) => new Date(s)).optional(),
  page: z.coerce.number({ error: "must be a number" }).int("must be an integer").min(1, "must be at least 1").max(1_000_000).default(1),
  limit: z.coerce.number({ error: "must be a number" }).int("must be an integer").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
});
