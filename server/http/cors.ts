// CORS for the REST API (SPEC §2): only CORS_ORIGINS may call from a browser — and, outside
// production, the Expo web dev server (env.ts EXPO_DEV_ORIGINS).
import { env } from "../env";

// Cache-Control and X-Requested-With: XHR-based SSE clients (react-native-sse) always send them.
const ALLOWED_HEADERS = "Authorization, Content-Type, X-API-KEY, Last-Event-ID, Cache-Control, X-Requested-With";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return {};
  const allowed = env().corsOrigins;
  if (!allowed.includes(origin) && !allowed.includes("*")) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "Retry-After",
    Vary: "Origin",
  };
}

export function preflightResponse(req: Request): Response {
  const headers = corsHeaders(req.headers.get("origin"));
  if (headers["Access-Control-Allow-Origin"]) {
    headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS;
    headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS;
    headers["Access-Control-Max-Age"] = "600";
  }
  return new Response(null, { status: 204, headers });
}
