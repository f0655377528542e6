// The exchange connection (SPEC §8) for the dashboard and any tRPC client: the same services (which
// check the plan themselves) and errors as REST. Keys go in, never out.
import { z } from "zod";
import { getExchangeBalance } from "../../exchange-connections/exchange-balance";
import { deleteExchangeConnection, getExchangeConnection, saveExchangeConnection, ZExchangeConnectionInput } from "../../exchange-connections/exchange-connection";
import { getExchangeLeverage, setExchangeLeverage, ZLeverageInput } from "../../exchange-connections/exchange-leverage";
import { validateExchangeConnection } from "../../exchange-connections/validate-exchange-connection";
import { resolveTargetUserId } from "../../users/access";
import { protectedProcedure, router } from "../init";

/** Optional: an admin acting on another user (owner or admin, as the REST aliases). */
const ZTarget = z.object({ user_id: z.number().int().positive().optional() }).optional();
const targetOf = (actor: Parameters<typeof resolveTargetUserId>[0], input: z.infer<typeof ZTarget>) =>
  input?.user_id === undefined ? Promise.resolve(actor.id) : resolveTargetUserId(actor, String(input.user_id));

export const exchangesRouter = router({
  me: protectedProcedure.query(({ ctx }) => getExchangeConnection(ctx.user.id)),
  connect: protectedProcedure.input(ZExchangeConnectionInput).mutation(({ ctx, input }) => saveExchangeConnection(ctx.user.id, input)),
  delete: protectedProcedure.input(ZTarget).mutation(async ({ ctx, input }) => deleteExchangeConnection(await targetOf(ctx.user, input))),
  validate: protectedProcedure.mutation(({ ctx }) => validateExchangeConnection(ctx.user.id)),
  balance: protectedProcedure.input(ZTarget).query(async ({ ctx, input }) => getExchangeBalance(await targetOf(ctx.user, input))),
  leverage: protectedProcedure.input(ZTarget).query(async ({ ctx, input }) => getExchangeLeverage(await targetOf(ctx.user, input))),
  setLeverage: protectedProcedure
    .input(ZLeverageInput.extend({ user_id: z.number().int().positive().optional() }))
    .mutation(async ({ ctx, input }) => setExchangeLeverage(await targetOf(ctx.user, input), { leverage: input.leverage })),
});
