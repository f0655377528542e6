import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { jobs } from "@/inngest/functions";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/respond";

const served = serve({ client: inngest, functions: jobs.map((j) => j.fn) });

type TServed = (req: Request, ctx: unknown) => Promise<Response>;

// In the in-process job mode (no Inngest configured) nothing may call in: the SDK would answer 500
// "In cloud mode but no signing key found". Say what is going on instead, in SPEC's error shape.
const whenConfigured =
  (handler: TServed): TServed =>
  (req, ctx) =>
    env().jobMode === "inngest"
      ? handler(req, ctx)
      : Promise.resolve(errorResponse(new AppError("SERVICE_UNAVAILABLE", "Inngest is not configured: jobs run in-process (set INNGEST_SIGNING_KEY or INNGEST_DEV)")));

export const GET = whenConfigured(served.GET as TServed);
export const POST = whenConfigured(served.POST as TServed);
export const PUT = whenConfigured(served.PUT as TServed);
