// Channel posts the listener could not use, with the reason (newest first), for the operator.
import { z } from "zod";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUnparsedMessages } from "@/server/signals/ingest-channel-post";

const ZQuery = z.object({ limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50) });

export const GET = route({ auth: "admin", query: ZQuery }, async ({ query }) => ({ posts: await listUnparsedMessages(query.limit) }));
export const OPTIONS = preflightResponse;
