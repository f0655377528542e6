import {
  AuthenticationError,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from "ccxt";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ExchangeAppError, binanceError, isOutcomeUnknown, sanitize, translateExchangeError } from "./errors";

// ccxt builds its messages as `${id} ${body}` (exchange errors) or `${id} ${method} ${url} …` (network).
const binance = (code: number, msg: string) => `binanceusdm ${JSON.stringify({ code, msg })}`;
const SIGNED_URL = "http://127.0.0.1:4000/fapi/v1/order?symbol=BTCUSDT&timestamp=1&signature=ab12cd34ef";

describe("translateExchangeError", () => {
  it.each([
    ["-2019 margin", new InsufficientFunds(binance(-2019, "Margin is insufficient.")), "INSUFFICIENT_FUNDS", false],
    ["-4164 min notional", new InvalidOrder(binance(-4164, "Order's notional must be no smaller than 100 (unless you choose reduce only).")), "INVALID_ORDER", false],
    ["-1003 weight", new RateLimitExceeded(binance(-1003, "Too much request weight used")), "RATE_LIMITED", true],
    ["HTTP 429", new DDoSProtection(`binanceusdm 429 Too Many Requests ${JSON.stringify({ code: -1003, msg: "Too many requests" })}`), "RATE_LIMITED", true],
    ["-2015 keys", new AuthenticationError(binance(-2015, "Invalid API-key, IP, or permissions for action.")), "FORBIDDEN", false],
    ["-1022 signature", new AuthenticationError(binance(-1022, "Signature for this request is not valid.")), "FORBIDDEN", false],
    ["permission", new PermissionDenied(binance(-2017, "API Keys are locked on this account.")), "FORBIDDEN", false],
    ["-1121 symbol", new BadSymbol(binance(-1121, "Invalid symbol.")), "INVALID_INPUT", false],
    ["-2013", new OrderNotFound(binance(-2013, "Order does not exist.")), "NOT_FOUND", false],
    ["-4120 unmapped", new ExchangeError(binance(-4120, "Order type not supported for this endpoint.")), "INVALID_ORDER", false],
    ["timeout", new RequestTimeout(`binanceusdm POST ${SIGNED_URL} request timed out (10000 ms)`), "EXCHANGE_UNAVAILABLE", true],
    ["network", new NetworkError(`binanceusdm GET ${SIGNED_URL} fetch failed: connect ECONNRESET`), "EXCHANGE_UNAVAILABLE", true],
    ["503", new ExchangeNotAvailable("binanceusdm 503 Service Unavailable"), "EXCHANGE_UNAVAILABLE", true],
    ["-1021 clock", new InvalidNonce(binance(-1021, "Timestamp for this request is outside of the recvWindow.")), "EXCHANGE_UNAVAILABLE", true],
  ])("%s → %s", (_name, err, code, retryable) => {
    const e = translateExchangeError(err);
    expect(e).toBeInstanceOf(ExchangeAppError);
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(retryable);
  });

  it("keeps Binance's code and words, and says the keys were rejected", () => {
    const e = translateExchangeError(new AuthenticationError(binance(-2015, "Invalid API-key, IP, or permissions for action."))) as ExchangeAppError;
    expect(e.message).toBe("exchange rejected the API keys: Invalid API-key, IP, or permissions for action. (-2015)");
    expect(e.exchangeCode).toBe(-2015);
    expect(e.kind).toBe("AuthenticationError");
    expect(e.httpStatus).toBe(403);
  });

  it("-2019 reads as insufficient margin", () => {
    const e = translateExchangeError(new InsufficientFunds(binance(-2019, "Margin is insufficient.")));
    expect(e.message).toBe("insufficient margin on the exchange: Margin is insufficient. (-2019)");
    expect(e.httpStatus).toBe(422);
  });

  it("carries Retry-After when the client saw it", () => {
    const err = Object.assign(new DDoSProtection("binanceusdm 429 Too Many Requests {}"), { retryAfterSeconds: 7, httpStatus: 429 });
    const e = translateExchangeError(err);
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.retryAfterSeconds).toBe(7);
  });

  it("a timeout or lost connection while PLACING leaves the outcome unknown; elsewhere it does not", () => {
    expect(isOutcomeUnknown(translateExchangeError(new RequestTimeout("binanceusdm POST x request timed out"), { placing: true }))).toBe(true);
    expect(isOutcomeUnknown(translateExchangeError(new NetworkError("binanceusdm POST x fetch failed"), { placing: true }))).toBe(true);
    expect(isOutcomeUnknown(translateExchangeError(new RequestTimeout("binanceusdm GET x request timed out")))).toBe(false);
    // A definite answer is never "unknown", placing or not.
    expect(isOutcomeUnknown(translateExchangeError(new InsufficientFunds(binance(-2019, "Margin is insufficient.")), { placing: true }))).toBe(false);
    expect(isOutcomeUnknown(translateExchangeError(new DDoSProtection("binanceusdm 429"), { placing: true }))).toBe(false);
  });

  it("never leaks a signature, a signed query or a key into the message or the cause", () => {
    const key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    const err = new RequestTimeout(`binanceusdm POST ${SIGNED_URL} request timed out (10000 ms) key=${key}`);
    const e = translateExchangeError(err, { secrets: [key, "s3cr3t-value"] });
    for (const text of [e.message, (e.cause as Error).message, JSON.stringify(e.toBody())]) {
      expect(text).not.toContain("signature");
      expect(text).not.toContain("timestamp=");
      expect(text).not.toContain(key);
    }
    // The upstream URL stays in the cause (for the log), never in what a client reads.
    expect((e.cause as Error).message).toContain("http://127.0.0.1:4000/fapi/v1/order");
    expect(e.message).toBe("Binance did not answer in time");
  });

  it("a DNS failure reads 'cannot reach Binance' without the host, URL or resolver text", () => {
    const e = translateExchangeError(new NetworkError("binanceusdm GET https://fapi.binance.com/fapi/v2/ticker/price fetch failed getaddrinfo ENOTFOUND fapi.binance.com"));
    expect(e.message).toBe("cannot reach Binance");
    expect(JSON.stringify(e.toBody())).not.toMatch(/fapi|ENOTFOUND|getaddrinfo|https?:/);
    expect((e.cause as Error).message).toContain("ENOTFOUND");
  });

  it("passes AppErrors through and turns anything else into INTERNAL", () => {
    const app = new AppError("FORBIDDEN", "nope");
    expect(translateExchangeError(app)).toBe(app);
    expect(translateExchangeError(new TypeError("x is undefined")).code).toBe("INTERNAL");
  });
});

describe("helpers", () => {
  it("binanceError reads the JSON body inside a ccxt message", () => {
    expect(binanceError(new Error(binance(-4046, "No need to change margin type.")))).toEqual({ code: -4046, msg: "No need to change margin type." });
    expect(binanceError(new Error("binanceusdm 503 Service Unavailable"))).toBeNull();
  });

  it("sanitize drops query strings", () => {
    expect(sanitize(`GET ${SIGNED_URL} failed`)).toBe("GET http://127.0.0.1:4000/fapi/v1/order failed");
  });
});
