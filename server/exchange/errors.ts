// ccxt errors become AppErrors here, once (STYLE.md "Errors"). The rest of the platform sees
// INSUFFICIENT_FUNDS, INVALID_ORDER, RATE_LIMITED, EXCHANGE_UNAVAILABLE, FORBIDDEN, INVALID_INPUT —
// never a ccxt class. Messages carry Binance's own code and text but no key, secret, signature or
// signed URL: ccxt puts the request URL (with its signature) into network-error messages.
import { AppError, type TAppErrorOptions, type TErrorCode } from "../errors";

export type TExchangeErrorOptions = TAppErrorOptions & {
  /** The order may or may not exist on the exchange: reconcile by client order id before retrying. */
  outcomeUnknown?: boolean;
  /** Binance's code, e.g. -2019. */
  exchangeCode?: number | null;
  /** The ccxt class it came from, e.g. "InsufficientFunds". */
  kind?: string;
};

/** An AppError from the exchange layer, with what a caller needs to decide about retries. */
export class ExchangeAppError extends AppError {
  readonly outcomeUnknown: boolean;
  readonly exchangeCode: number | null;
  readonly kind: string;

  constructor(code: TErrorCode, message: string, options: TExchangeErrorOptions = {}) {
    super(code, message, options);
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.exchangeCode = options.exchangeCode ?? null;
    this.kind = options.kind ?? "AppError";
  }
}

export const isOutcomeUnknown = (err: unknown): boolean => err instanceof ExchangeAppError && err.outcomeUnknown;

/** A stop the adapter did not send because the mark price is already past its trigger. */
export const STOP_CROSSED_KIND = "StopCrossed";

/** The market is already past a stop's trigger price: our own check against the mark price, or Binance's -2021 "Order would immediately trigger". */
export const isWouldTriggerNow = (err: unknown): boolean => err instanceof ExchangeAppError && (err.exchangeCode === -2021 || err.kind === STOP_CROSSED_KIND);

/** Binance -1021: the request's timestamp is outside the recvWindow of Binance's clock. */
export const isClockRefusal = (err: unknown): boolean => err instanceof ExchangeAppError && (err.exchangeCode === -1021 || err.kind === "InvalidNonce");

/** "This client order id is already taken" (Binance -4116): an earlier attempt of ours landed. */
export const isDuplicateClientId = (err: unknown): boolean =>
  err instanceof ExchangeAppError && (err.kind === "DuplicateOrderId" || err.exchangeCode === -4116);

/** The names of the error's classes, most specific first (robust to a second copy of ccxt being loaded). */
function classNames(err: unknown): string[] {
  const names: string[] = [];
  for (let proto: unknown = err; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: { name?: string } }).constructor;
    if (ctor?.name && !names.includes(ctor.name)) names.push(ctor.name);
  }
  return names;
}

/** True for ccxt errors (they all extend ccxt's BaseError). */
export const isCcxtError = (err: unknown): boolean => err instanceof Error && classNames(err).includes("BaseError");

/** Binance's {"code":-NNNN,"msg":"..."} inside a ccxt message, if any. */
export function binanceError(err: unknown): { code: number; msg: string } | null {
  const message = err instanceof Error ? err.message : String(err);
  const start = message.indexOf("{");
  if (start === -1) return null;
  try {
    const body = JSON.parse(message.slice(start)) as { code?: unknown; msg?: unknown };
    const code = Number(body.code);
    return Number.isFinite(code) && code < 0 ? { code, msg: typeof body.msg === "string" ? body.msg : "" } : null;
  } catch {
    return null;
  }
}

/** Drops query strings (timestamps, signatures) and any known secret from a message. */
export function sanitize(message: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = message.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, "$1").replace(/signature=[0-9a-fA-F]+/g, "signature=[redacted]");
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

export type TTranslateContext = {
  /** An order placement: a timeout or dropped connection leaves its outcome unknown. */
  placing?: boolean;
  /** API key and secret, removed from any message. */
  secrets?: ReadonlyArray<string | null | undefined>;
  /** e.g. "place order vz-entry-…" — says what was being done. */
  action?: string;
};

type TRule = { when: string; code: TErrorCode; retryable: boolean; unknownIfPlacing: boolean; say: (detail: string) => string };

// Most specific first: RateLimitExceeded/DDoSProtection/RequestTimeout are NetworkErrors, BadSymbol a BadRequest,
// OrderNotFound an InvalidOrder, PermissionDenied/AccountSuspended AuthenticationErrors.
const RULES: TRule[] = [
  { when: "RateLimitExceeded", code: "RATE_LIMITED", retryable: true, unknownIfPlacing: false, say: (d) => `Binance rate limit hit, slow down: ${d}` },
  { when: "DDoSProtection", code: "RATE_LIMITED", retryable: true, unknownIfPlacing: false, say: (d) => `Binance is throttling this client: ${d}` },
  { when: "RequestTimeout", code: "EXCHANGE_UNAVAILABLE", retryable: true, unknownIfPlacing: true, say: (d) => `Binance did not answer in time: ${d}` },
  { when: "InvalidNonce", code: "EXCHANGE_UNAVAILABLE", retryable: true, unknownIfPlacing: false, say: (d) => `request timestamp rejected (clock skew?): ${d}` },
  { when: "ExchangeNotAvailable", code: "EXCHANGE_UNAVAILABLE", retryable: true, unknownIfPlacing: true, say: (d) => `Binance is unavailable: ${d}` },
  { when: "NetworkError", code: "EXCHANGE_UNAVAILABLE", retryable: true, unknownIfPlacing: true, say: (d) => `cannot reach Binance: ${d}` },
  { when: "OperationFailed", code: "EXCHANGE_UNAVAILABLE", retryable: true, unknownIfPlacing: true, say: (d) => `Binance failed to process the request: ${d}` },
  { when: "AuthenticationError", code: "FORBIDDEN", retryable: false, unknownIfPlacing: false, say: (d) => `exchange rejected the API keys: ${d}` },
  { when: "InsufficientFunds", code: "INSUFFICIENT_FUNDS", retryable: false, unknownIfPlacing: false, say: (d) => `insufficient margin on the exchange: ${d}` },
  { when: "BadSymbol", code: "INVALID_INPUT", retryable: false, unknownIfPlacing: false, say: (d) => `unknown market: ${d}` },
  { when: "OrderNotFound", code: "NOT_FOUND", retryable: false, unknownIfPlacing: false, say: (d) => `order not found on the exchange: ${d}` },
  { when: "InvalidOrder", code: "INVALID_ORDER", retryable: false, unknownIfPlacing: false, say: (d) => `the exchange refused the order: ${d}` },
  { when: "BadRequest", code: "INVALID_ORDER", retryable: false, unknownIfPlacing: false, say: (d) => `the exchange refused the request: ${d}` },
  { when: "OperationRejected", code: "INVALID_ORDER", retryable: false, unknownIfPlacing: false, say: (d) => `the exchange refused the request: ${d}` },
  { when: "NotSupported", code: "INVALID_ORDER", retryable: false, unknownIfPlacing: false, say: (d) => `not supported by the exchange: ${d}` },
  { when: "ExchangeError", code: "INVALID_ORDER", retryable: false, unknownIfPlacing: false, say: (d) => `the exchange refused the request: ${d}` },
];

/**
 * The human part of a ccxt error for the client: Binance's msg and code when present. A network-level
 * failure says only what happened (its text names the upstream URL, host and resolver error — those
 * stay in the cause, for the log); other texts lose any URL.
 */
function detail(err: Error, rule: TRule, secrets: TTranslateContext["secrets"]): string {
  const b = binanceError(err);
  if (b) return `${b.msg || "error"} (${b.code})`;
  if (rule.code === "EXCHANGE_UNAVAILABLE" || rule.code === "RATE_LIMITED") return "";
  return sanitize(err.message.replace(/^binanceusdm\s+/, ""), secrets).replace(/\b(?:https?|wss?):\/\/\S+/g, "Binance");
}

/**
 * Any thrown value → an AppError. ccxt errors by class (see RULES); our own AppErrors pass through;
 * anything else is INTERNAL. The result never carries the ccxt error itself (its message may hold a
 * signed URL) — only a sanitized copy as the cause.
 */
export function translateExchangeError(err: unknown, ctx: TTranslateContext = {}): AppError {
  if (err instanceof AppError) return err;
  if (!(err instanceof Error) || !isCcxtError(err)) {
    const message = err instanceof Error ? sanitize(err.message, ctx.secrets) : String(err);
    return new ExchangeAppError("INTERNAL", `exchange adapter failed${ctx.action ? ` to ${ctx.action}` : ""}: ${message}`, { kind: "Error" });
  }
  const names = classNames(err);
  const rule = RULES.find((r) => names.includes(r.when)) ?? RULES[RULES.length - 1]!;
  const extra = err as Error & { retryAfterSeconds?: unknown; httpStatus?: unknown };
  const retryAfter = typeof extra.retryAfterSeconds === "number" && extra.retryAfterSeconds >= 0 ? extra.retryAfterSeconds : undefined;
  const d = detail(err, rule, ctx.secrets);
  const cause = Object.assign(new Error(sanitize(err.message, ctx.secrets)), { name: names[0] ?? "Error" });
  return new ExchangeAppError(rule.code, d ? rule.say(d) : rule.say("").replace(/:\s*$/, ""), {
    retryable: rule.retryable,
    retryAfterSeconds: rule.code === "RATE_LIMITED" ? retryAfter : undefined,
    outcomeUnknown: rule.unknownIfPlacing && ctx.placing === true,
    exchangeCode: binanceError(err)?.code ?? null,
    kind: names[0] ?? "Error",
    field: rule.code === "INVALID_INPUT" ? "symbol" : undefined,
    cause,
  });
}
