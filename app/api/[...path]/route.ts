// Any /api path no route claims: SPEC's error shape instead of an HTML 404 page.
import { preflightResponse } from "@/server/http/cors";
import { json } from "@/server/http/respond";

const notFound = (req: Request) =>
  json({ error: "not_found", message: `No API route ${req.method} ${new URL(req.url).pathname}` }, 404);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = preflightResponse;
