// Typed domain errors. ERROR_TABLE is the only place a code becomes an HTTP status, a tRPC code
// or the snake_case `error` of SPEC's shape {"error", "message"}.

export const ERROR_TABLE = {
  INVALID_INPUT: { http: 400, trpc: "BAD_REQUEST", wire: "invalid_input" },
  INVALID_JSON: { http: 400, trpc: "PARSE_ERROR", wire: "invalid_json" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: "UNSUPPORTED_MEDIA_TYPE", wire: "unsupported_media_type" },
  UNAUTHORIZED: { http: 401, trpc: "UNAUTHORIZED", wire: "unauthorized" },
  INVALID_CREDENTIALS: { http: 401, trpc: "UNAUTHORIZED", wire: "invalid_credentials" },
  INVALID_TOKEN: { http: 401, trpc: "UNAUTHORIZED", wire: "invalid_token" },
  INVALID_API_KEY: { http: 401, trpc: "UNAUTHORIZED", wire: "invalid_api_key" },
  FORBIDDEN: { http: 403, trpc: "FORBIDDEN", wire: "forbidden" },
  UPGRADE_REQUIRED: { http: 403, trpc: "FORBIDDEN", wire: "upgrade_required" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND", wire: "not_found" },
  METHOD_NOT_ALLOWED: { http: 405, trpc: "METHOD_NOT_SUPPORTED", wire: "method_not_allowed" },
  CONFLICT: { http: 409, trpc: "CONFLICT", wire: "conflict" },
  RISK_BLOCKED: { http: 409, trpc: "CONFLICT", wire: "risk_blocked" },
  LIVE_TRADING_UNAVAILABLE: { http: 409, trpc: "CONFLICT", wire: "live_trading_unavailable" },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: "PAYLOAD_TOO_LARGE", wire: "payload_too_large" },
  RATE_LIMITED: { http: 429, trpc: "TOO_MANY_REQUESTS", wire: "rate_limited" },
  INSUFFICIENT_FUNDS: { http: 422, trpc: "UNPROCESSABLE_CONTENT", wire: "insufficient_funds" },
  INVALID_ORDER: { http: 422, trpc: "UNPROCESSABLE_CONTENT", wire: "invalid_order" },
  EXCHANGE_UNAVAILABLE: { http: 503, trpc: "SERVICE_UNAVAILABLE", wire: "exchange_unavailable" },
  SERVICE_UNAVAILABLE: { http: 503, trpc: "SERVICE_UNAVAILABLE", wire: "service_unavailable" },
  INTERNAL: { http: 500, trpc: "INTERNAL_SERVER_ERROR", wire: "internal_error" },
} as const;

export type TErrorCode = keyof typeof ERROR_TABLE;

export type TAppErrorOptions = {
  /** The field at fault (INVALID_INPUT), named in the response. */
  field?: string;
  retryable?: boolean;
  /** Seconds until a retry can succeed (RATE_LIMITED → Retry-After). */
  retryAfterSeconds?: number;
  /** Extra fields merged into the response body, e.g. {required_plan} or {reason}. */
  extra?: Record<string, unknown>;
  cause?: unknown;
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: TErrorCode;
  readonly field?: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly extra?: Record<string, unknown>;

  constructor(code: TErrorCode, message: string, options: TAppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  get trpcCode(): (typeof ERROR_TABLE)[TErrorCode]["trpc"] {
    return ERROR_TABLE[this.code].trpc;
  }

  /** SPEC's wire shape: {"error": "<snake_code>", "message": "<human text>", ...}. */
  toBody(): Record<string, unknown> {
    return {
      error: ERROR_TABLE[this.code].wire,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...this.extra,
    };
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have access to this resource") =>
  new AppError("FORBIDDEN", message);
export const invalidInput = (field: string, message: string) =>
  new AppError("INVALID_INPUT", `${field}: ${message}`, { field });

type TZodLikeIssue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

function isZodError(err: unknown): err is { issues: TZodLikeIssue[] } {
  return err instanceof Error && err.name === "ZodError" && Array.isArray((err as { issues?: unknown }).issues);
}

function prismaCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || !err.name.startsWith("PrismaClient")) return undefined;
  return (err as { code?: string }).code;
}

/** Every thrown value becomes an AppError here, once: zod → 400 naming the field, unique → 409. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isZodError(err)) {
    const issue = err.issues[0];
    const path = [...(issue?.path ?? []), ...(issue?.code === "unrecognized_keys" ? (issue.keys ?? []).slice(0, 1) : [])];
    const field = path.length > 0 ? path.map(String).join(".") : "body";
    return invalidInput(field, issue?.message ?? "invalid value");
  }
  const code = prismaCode(err);
  if (code === "P2002") {
    const target = (err as { meta?: { target?: unknown } }).meta?.target;
    const fields = Array.isArray(target) ? target.join(", ") : typeof target === "string" ? target : undefined;
    return new AppError("CONFLICT", fields ? `Already exists: ${fields}` : "Already exists", { cause: err });
  }
  if (code === "P2025") return new AppError("NOT_FOUND", "Record not found", { cause: err });
  // Every connection busy for longer than a transaction may wait: overload, not a bug — retry.
  if (code === "P2028") {
    return new AppError("SERVICE_UNAVAILABLE", "The platform is busy; try again in a moment", { cause: err, retryable: true, retryAfterSeconds: 1 });
  }
  return new AppError("INTERNAL", "Something went wrong on our side", { cause: err });
}
