// The one place the app calls the platform. Every request carries X-API-KEY; authenticated ones
// carry the access token, and a 401 on them refreshes the session once (POST /api/auth/refresh,
// which rotates both tokens) and retries. A refresh the server refuses ends the session.
import type { z } from "zod";
import { ApiError, CLIENT_ERRORS } from "./errors";
import type { TTokens, TTokenStore } from "./token-store";
import { ZTokenPair } from "./schemas";

export type TFetch = (input: string, init: RequestInit) => Promise<Response>;

export type TApiClientOptions = {
  baseUrl: string;
  apiKey: string | undefined;
  tokens: TTokenStore;
  fetch?: TFetch;
};

export type TRequest<T> = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Send the access token (default true); login, register and refresh do not. */
  auth?: boolean;
  signal?: AbortSignal;
};

export type TApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: TApiClientOptions) {
  const doFetch: TFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const sessionEndedListeners = new Set<() => void>();
  // Whether the last call reached the server: any answer, even an error, means online.
  const connectivityListeners = new Set<() => void>();
  let offlineSince: number | null = null;
  function setReachable(reached: boolean) {
    if (reached === (offlineSince === null)) return;
    offlineSince = reached ? null : Date.now();
    for (const listener of connectivityListeners) listener();
  }
  let refreshing: Promise<TTokens | null> | null = null;

  function url(path: string, query: TRequest<unknown>["query"]): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${options.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  function headers(accessToken: string | null, hasBody: boolean): Record<string, string> {
    return {
      Accept: "application/json",
      ...(options.apiKey ? { "X-API-KEY": options.apiKey } : {}),
      ...(hasBody ? { "Content-Type": "application/json" } : {}),
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    };
  }

  async function send(req: TRequest<unknown>, accessToken: string | null): Promise<Response> {
    try {
      const res = await doFetch(url(req.path, req.query), {
        method: req.method ?? "GET",
        headers: headers(accessToken, req.body !== undefined),
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: req.signal,
      });
      setReachable(true);
      return res;
    } catch (cause) {
      if (req.signal?.aborted) throw cause;
      setReachable(false);
      throw new ApiError({ status: 0, code: CLIENT_ERRORS.network, message: "Cannot reach the server. Check your connection and try again." });
    }
  }

  async function endSession(): Promise<void> {
    await options.tokens.clear();
    for (const listener of sessionEndedListeners) listener();
  }

  /** One refresh at a time: parallel 401s share it, so the spent refresh token is never reused. */
  function refreshOnce(spent: TTokens): Promise<TTokens | null> {
    refreshing ??= (async () => {
      const current = await options.tokens.get();
      // Another request already refreshed while this one was in flight.
      if (current && current.accessToken !== spent.accessToken) return current;
      const res = await send({ method: "POST", path: "/api/auth/refresh", body: { refresh_token: spent.refreshToken }, schema: ZTokenPair }, null);
      if (!res.ok) {
        if (res.status >= 500 || res.status === 429) throw await toApiError(res);
        return null;
      }
      const pair = await parse(res, ZTokenPair);
      const tokens = { accessToken: pair.access_token, refreshToken: pair.refresh_token };
      await options.tokens.set(tokens);
      return tokens;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function request<T>(req: TRequest<T>): Promise<T> {
    if (req.auth === false) return handle(await send(req, null), req.schema);
    const tokens = await options.tokens.get();
    if (!tokens) throw sessionEnded();
    const first = await send(req, tokens.accessToken);
    if (first.status !== 401) return handle(first, req.schema);
    const renewed = await refreshOnce(tokens);
    if (!renewed) {
      await endSession();
      throw sessionEnded();
    }
    const second = await send(req, renewed.accessToken);
    if (second.status === 401) {
      await endSession();
      throw sessionEnded();
    }
    return handle(second, req.schema);
  }

  return {
    request,
    tokens: options.tokens,
    /** Called when the server refuses the session (refresh failed): the app shows sign-in. */
    onSessionEnded(listener: () => void): () => void {
      sessionEndedListeners.add(listener);
      return () => sessionEndedListeners.delete(listener);
    },
    /** When the server stopped answering (no network), or null while it answers. */
    offlineSince: () => offlineSince,
    onConnectivityChange: (listener: () => void): (() => void) => {
      connectivityListeners.add(listener);
      return () => void connectivityListeners.delete(listener);
    },
    /** A URL on the platform with the API key applied where a header cannot be sent. */
    url: (path: string, query?: TRequest<unknown>["query"]) => url(path, query),
    apiKey: options.apiKey,
  };
}

function sessionEnded(): ApiError {
  return new ApiError({ status: 401, code: CLIENT_ERRORS.sessionEnded, message: "Your session has ended. Please sign in again." });
}

async function handle<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  if (!res.ok) throw await toApiError(res);
  return parse(res, schema);
}

async function parse<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError({
      status: res.status,
      code: CLIENT_ERRORS.invalidResponse,
      message: "The server sent an answer this version of the app does not understand.",
      body,
    });
  }
  return parsed.data;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => undefined);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const retryAfter = Number(res.headers.get("retry-after"));
  return new ApiError({
    status: res.status,
    code: typeof fields.error === "string" ? fields.error : `http_${res.status}`,
    message: typeof fields.message === "string" && fields.message ? fields.message : fallbackMessage(res.status),
    field: typeof fields.field === "string" ? fields.field : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    body,
  });
}

function fallbackMessage(status: number): string {
  if (status === 429) return "Too many attempts. Please wait a moment and try again.";
  if (status >= 500) return "The server had a problem. Please try again.";
  return `The request failed (HTTP ${status}).`;
}
