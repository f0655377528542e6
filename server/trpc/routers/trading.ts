// Trading for the dashboard and any tRPC client: preview, execute, close, positions, orders, history,
// the executed-trades log — the same services (which check the plan themselves) and errors as the REST routes.
import { z } from "zod";
import { listPositions, listUserPositions } from "../../trading/positions/list-positions";
import { authorizePosition } from "../../trading/positions/position-access";
import { getPositionHistory } from "../../trading/positions/position-history";
import { listPositionOrders } from "../../trading/positions/position-orders";
import { ZHistoryQuery, ZListPositionsQuery, ZUserPositionsQuery } from "../../trading/positions/schemas";
import { closeTrade } from "../../trading/trades/close-trade";
import { executeMarketTrade, executeTrade } from "../../trading/trades/execute-trade";
import { listExecutedTrades, recordExecutedTrade } from "../../trading/trades/executed-trades";
import { previewTrade } from "../../trading/trades/preview-trade";
import { ZExecutedTradeInput, ZListExecutedTradesQuery } from "../../trading/trades/schemas";
import { ZCloseTradeInput, ZTradeInput } from "../../trading/trades/trade-schemas";
import { resolveTargetUserId } from "../../users/access";
import { protectedProcedure, router } from "../init";

const targetOf = (actor: Parameters<typeof resolveTargetUserId>[0], userId: string | undefined) =>
  userId === undefined ? Promise.resolve(actor.id) : resolveTargetUserId(actor, userId);

export const tradingRouter = router({
  preview: protectedProcedure.input(ZTradeInput).mutation(({ ctx, input }) => previewTrade(ctx.user.id, input)),
  execute: protectedProcedure.input(ZTradeInput).mutation(({ ctx, input }) => executeTrade(ctx.user.id, input)),
  market: protectedProcedure.input(ZTradeInput).mutation(({ ctx, input }) => executeMarketTrade(ctx.user.id, input)),
  close: protectedProcedure.input(ZCloseTradeInput).mutation(({ ctx, input }) => closeTrade(ctx.user, input.position_id, input.reason, "position_id")),
  positions: protectedProcedure.input(ZListPositionsQuery).query(({ ctx, input }) => listPositions(ctx.user, input)),
  userPositions: protectedProcedure
    .input(ZUserPositionsQuery.extend({ user_id: z.string() }))
    .query(async ({ ctx, input }) => listUserPositions(await resolveTargetUserId(ctx.user, input.user_id), input)),
  history: protectedProcedure.input(ZHistoryQuery).query(async ({ ctx, input }) => getPositionHistory(await targetOf(ctx.user, input.user_id), input)),
  orders: protectedProcedure.input(z.object({ position_id: z.string() })).query(async ({ ctx, input }) => {
    const position = await authorizePosition(ctx.user, input.position_id, "position_id");
    return listPositionOrders(position.id);
  }),
  recordTrade: protectedProcedure.input(ZExecutedTradeInput).mutation(({ ctx, input }) => recordExecutedTrade(ctx.user.id, input)),
  trades: protectedProcedure.input(ZListExecutedTradesQuery).query(async ({ ctx, input }) => listExecutedTrades(await targetOf(ctx.user, input.user_id), input)),
});
