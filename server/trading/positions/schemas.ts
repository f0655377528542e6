// Query and path inputs of the positions and orders routes.
import { z } from "zod";
import { invalidInput } from "../../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Position and order ids are UUIDs: anything else is a 400 naming the field, never a database error. */
export function parseUuid(raw: string, field: string): string {
  if (!UUID.test(raw)) throw invalidInput(field, "must be a UUID");
  return raw.toLowerCase();
}

const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: (i) => (i.code === "unrecognized_keys" ? `unknown parameter(s): ${i.keys.join(", ")}` : "invalid query") });
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);
const userId = z.string().regex(/^[1-9]\d{0,9}$/, "must be a positive whole number");
const page = { page: wholeNumber(1, 100_000, 1), per_page: wholeNumber(1, 500, 100) };

export const ZPositionStatus = z.enum(["open", "closed", "failed", "all"], { error: "must be open, closed, failed or all" });

/** GET /api/positions: the caller's open positions; an admin may ask for one user (?user_id=) or everyone (?all=true). */
export const ZListPositionsQuery = strict({
  user_id: userId.optional(),
  all: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  status: ZPositionStatus.default("open"),
  ...page,
});
export type TListPositionsQuery = z.infer<typeof ZListPositionsQuery>;

/** GET /api/positions/:userId. */
export const ZUserPositionsQuery = strict({ status: ZPositionStatus.default("open"), ...page });
export type TUserPositionsQuery = z.infer<typeof ZUserPositionsQuery>;

/** GET /api/positions/history?days=30. */
export const ZHistoryQuery = strict({ days: wholeNumber(1, 365, 30), user_id: userId.optional(), ...page });
export type THistoryQuery = z.infer<typeof ZHistoryQuery>;
