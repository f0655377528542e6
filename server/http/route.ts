// The one wrapper every REST handler goes through: CORS, the X-API-KEY rule, bearer auth, zod
// parsing of body and query, and the single error → response mapping. Handlers stay thin.
import type { z } from "zod";
import { authenticateBearer, requireAdmin, type TAuthUser } from "../auth/authenticate";
import { safeEqual } from "../crypto/safe-equal";
import { env } from "../env";
import { AppError } from "../errors";
import { clientIp } from "./client-ip";
import { corsHeaders } from "./cors";
import { readJson } from "./read-json";
import { errorResponse, json } from "./respond";

/**
 * public: anyone · app: anyone with the app's X-API-KEY (when configured) · user/admin: bearer token ·
 * optional: anyone, and the user when a bearer token is sent (a bad token is still a 401) ·
 * app-optional: the app rule, and the user when a bearer token is sent.
 */
export type TAuthMode = "public" | "app" | "user" | "admin" | "optional" | "app-optional";

type TOptions<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  auth: TAuthMode;
  body?: B;
  query?: Q;
};

type TContext<A extends TAuthMode, B, Q> = {
  req: Request;
  params: Record<string, string>;
  ip: string;
  user: A extends "user" | "admin" ? TAuthUser : A extends "optional" | "app-optional" ? TAuthUser | null : null;
  body: B extends z.ZodType ? z.infer<B> : undefined;
  query: Q extends z.ZodType ? z.infer<Q> : undefined;
};

type TNextContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<A extends TAuthMode, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  options: TOptions<B, Q> & { auth: A },
  handler: (ctx: TContext<A, B, Q>) => Promise<unknown>,
): ((req: Request, nextCtx: TNextContext) => Promise<Response>) & { schemas: { body?: B; query?: Q } } {
  // The schemas ride along on the handler: the API fuzz test generates inputs from them.
  const handle = async (req: Request, nextCtx: TNextContext): Promise<Response> => {
    const cors = corsHeaders(req.headers.get("origin"));
    let response: Response;
    try {
      const user = await authenticate(req, options.auth);
      const params = await readParams(nextCtx);
      const query = options.query ? options.query.parse(readQuery(req)) : undefined;
      const body = options.body ? options.body.parse(await readJson(req)) : undefined;
      const result = await handler({ req, params, ip: clientIp(req), user, body, query } as TContext<A, B, Q>);
      response = result instanceof Response ? result : json(result);
    } catch (err) {
      response = errorResponse(err, { method: req.method, path: new URL(req.url).pathname });
    }
    for (const [k, v] of Object.entries(cors)) response.headers.set(k, v);
    return response;
  };
  return Object.assign(handle, { schemas: { body: options.body, query: options.query } });
}

function readQuery(req: Request): Record<string, string> {
  const entries = [...new URL(req.url).searchParams.entries()];
  const bad = entries.find(([, v]) => v.includes("\u0000"));
  if (bad) throw new AppError("INVALID_INPUT", `${bad[0]}: contains a NUL character`, { field: bad[0] });
  return Object.fromEntries(entries);
}

async function readParams(nextCtx: TNextContext | undefined): Promise<Record<string, string>> {
  const raw = (await nextCtx?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
}

async function authenticate(req: Request, mode: TAuthMode): Promise<TAuthUser | null> {
  if (mode === "public") return null;
  if (mode === "app") {
    checkAppKey(req.headers.get("x-api-key"));
    return null;
  }
  if (mode === "app-optional") checkAppKey(req.headers.get("x-api-key"));
  if ((mode === "optional" || mode === "app-optional") && !req.headers.get("authorization")) return null;
  const user = await authenticateBearer(req.headers.get("authorization"));
  if (mode === "admin") requireAdmin(user);
  return user;
}

/** SPEC §2: with MOBILE_API_KEY set, register/login/refresh need the app's X-API-KEY. */
function checkAppKey(given: string | null): void {
  const expected = env().MOBILE_API_KEY;
  if (!expected) return;
  if (!safeEqual(given, expected)) {
    throw new AppError("INVALID_API_KEY", "Missing or invalid X-API-KEY header");
  }
}

export const created = (body: unknown) => json(body, 201);
