// Channel posts the listener could not use, with the parser's reason and whether the operator has
// dealt with them (newest first): the review queue's list, for scripts.
import { z } from "zod";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listReviewItems, REVIEW_STATES } from "@/server/signals/review-queue";

const ZQuery = z.object({
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
  state: z.enum(REVIEW_STATES, { error: "must be pending, dismissed, signal or all" }).default("all"),
});

export const GET = route({ auth: "admin", query: ZQuery }, async ({ query }) => ({
  posts: (await listReviewItems({ state: query.state, page: 1, per_page: query.limit })).items,
}));
export const OPTIONS = preflightResponse;
