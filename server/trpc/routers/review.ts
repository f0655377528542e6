// The review queue for the dashboard: channel posts the parser could not use, a post's pre-filled
// draft, and the two decisions — a signal (the signal form's own schema) or a dismissal.
import { z } from "zod";
import { createSignalFromReview, dismissReviewItem, getReviewItem, listReviewItems, ZReviewId, ZReviewQuery } from "../../signals/review-queue";
import { ZSignalInput } from "../../signals/schemas";
import { adminProcedure, router } from "../init";

const ZReason = z.string({ error: "must be a string" }).trim().max(500, "must be at most 500 characters").optional();

export const reviewRouter = router({
  list: adminProcedure.input(ZReviewQuery).query(({ input }) => listReviewItems(input)),
  get: adminProcedure.input(z.strictObject({ id: ZReviewId })).query(({ input }) => getReviewItem(input.id)),
  dismiss: adminProcedure
    .input(z.strictObject({ id: ZReviewId, reason: ZReason }))
    .mutation(({ ctx, input }) => dismissReviewItem(ctx.user.id, input.id, input.reason || null)),
  createSignal: adminProcedure
    .input(z.strictObject({ id: ZReviewId, signal: ZSignalInput }))
    .mutation(({ ctx, input }) => createSignalFromReview(ctx.user.id, input.id, input.signal)),
});
