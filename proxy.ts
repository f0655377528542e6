// Runs before every page and API route: security headers on everything, a CSP nonce for the pages,
// 405 {error, message} with Allow for a method an API route does not answer, and an optimistic
// gate for /admin (the layout checks the role again against the database).
import { NextResponse, type NextRequest } from "next/server";
import { auth } from "./auth";
import { isDevelopment } from "./server/env";
import { methodNotAllowed } from "./server/http/method-not-allowed";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "./server/http/security-headers";

function withSecurityHeaders(res: Response, csp?: string): Response {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  if (csp) res.headers.set("Content-Security-Policy", csp);
  return res;
}

/** The page renders with the nonce: Next reads it from the request's Content-Security-Policy header. */
function page(req: NextRequest): Response {
  const csp = contentSecurityPolicy(newNonce(), isDevelopment());
  const headers = new Headers(req.headers);
  headers.set("Content-Security-Policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

/** Auth.js's own gate first (it redirects to /login without an admin session), then the page. */
async function adminPage(req: NextRequest, ev: unknown): Promise<Response> {
  const gate = await (auth as unknown as (r: NextRequest, e: unknown) => Promise<Response>)(req, ev);
  if (gate.headers.has("location")) return withSecurityHeaders(gate, contentSecurityPolicy(newNonce(), false));
  const res = page(req);
  for (const cookie of gate.headers.getSetCookie()) res.headers.append("set-cookie", cookie);
  return res;
}

export function proxy(req: NextRequest, ctx: unknown): Response | Promise<Response> {
  const { pathname } = req.nextUrl;
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    return withSecurityHeaders(methodNotAllowed(req.method, pathname) ?? NextResponse.next());
  }
  if (pathname === "/admin" || pathname.startsWith("/admin/")) return adminPage(req, ctx);
  return page(req);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
