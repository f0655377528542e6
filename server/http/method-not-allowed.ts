// The 405 of a method a route does not export, in SPEC's shape with an Allow header (Next's own is
// an empty body without one). proxy.ts asks before the route runs; the table is API_ROUTE_METHODS.
import { AppError } from "../errors";
import { API_ROUTE_METHODS } from "./api-methods";
import { json } from "./respond";

type TRoute = { segments: string[]; allow: string[] };

const rank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);

/** Next's precedence, segment by segment: a static name before a [param] before a [...catch-all]. */
function bySpecificity(a: TRoute, b: TRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const d = rank(a.segments[i]!) - rank(b.segments[i]!);
    if (d !== 0) return d;
  }
  return b.segments.length - a.segments.length;
}

const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** What the route answers, with the HEAD (for a GET) and OPTIONS Next adds by itself. */
const allowOf = (exported: readonly string[]) =>
  ORDER.filter((m) => exported.includes(m) || m === "OPTIONS" || (m === "HEAD" && exported.includes("GET")));

const ROUTES: TRoute[] = Object.entries(API_ROUTE_METHODS)
  .map(([p, methods]) => ({ segments: p.split("/").filter(Boolean), allow: allowOf(methods) }))
  .sort(bySpecificity);

function matches(route: string[], path: string[]): boolean {
  for (let i = 0; i < route.length; i++) {
    const seg = route[i]!;
    if (seg.startsWith("[...")) return path.length > i;
    if (i >= path.length || (!seg.startsWith("[") && seg !== path[i])) return false;
  }
  return route.length === path.length;
}

/** The methods of the route Next would pick for this path; null when no route.ts serves it. */
export function allowedMethods(pathname: string): string[] | null {
  const path = pathname.split("/").filter(Boolean);
  return ROUTES.find((r) => matches(r.segments, path))?.allow ?? null;
}

/** A 405 {error, message} with Allow when the route exists but does not answer this method; else null. */
export function methodNotAllowed(method: string, pathname: string): Response | null {
  const allow = allowedMethods(pathname);
  if (!allow || allow.includes(method.toUpperCase())) return null;
  const err = new AppError("METHOD_NOT_ALLOWED", `${method.toUpperCase()} is not allowed on ${pathname}; use ${allow.join(", ")}`);
  return json(err.toBody(), 405, { Allow: allow.join(", ") });
}
