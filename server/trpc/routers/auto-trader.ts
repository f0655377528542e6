// The auto-trader screen: every user's open copies, the exposure per symbol, and an admin's close
// of one position (the REST close service, audited).
import { exposureBySymbol, listOpenCopies, ZOpenCopiesQuery } from "../../analytics/admin-positions";
import { closePositionForUser, ZAdminCloseInput } from "../../trading/trades/close-for-user";
import { adminProcedure, router } from "../init";

export const autoTraderRouter = router({
  positions: adminProcedure.input(ZOpenCopiesQuery).query(({ input }) => listOpenCopies(input)),
  exposure: adminProcedure.query(() => exposureBySymbol()),
  close: adminProcedure.input(ZAdminCloseInput).mutation(({ ctx, input }) => closePositionForUser(ctx.user, input)),
});
