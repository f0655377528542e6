// Idempotent order placement. Every order carries our deterministic client order id; when a
// placement times out or loses its connection, the exchange may or may not have accepted it. So
// before ANY retry we look the id up, and place again only when the exchange says it does not know
// it — a timeout after Binance accepted an order never creates a second one.
//
// Residual risk, stated: a look-up that runs before Binance has processed the lost request can miss
// it. The first look-up therefore waits a backoff (default 500 ms; Binance's own backend timeout is
// reported as -1007 long before that), and Binance additionally rejects a duplicate client id among
// OPEN orders (-4116), which we treat as "the earlier attempt landed".
import { logger } from "../logger";
import { ExchangeAppError, isDuplicateClientId, translateExchangeError } from "./errors";

export type TPlaceOnceOptions = {
  /** Placement attempts in all (default 3). */
  attempts?: number;
  /** Wait before the n-th look-up (0-based); the last value repeats. */
  backoffMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** Named in logs and errors, e.g. the client order id. */
  label?: string;
};

const DEFAULT_BACKOFF_MS = [500, 1500, 4000];
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type TLookup<T> = { found: T | null } | { failed: unknown };

async function lookUp<T>(find: () => Promise<T | null>): Promise<TLookup<T>> {
  try {
    return { found: await find() };
  } catch (err) {
    return { failed: err };
  }
}

/**
 * Places once. `place` and `find` may throw anything (ccxt or AppError); errors come out translated.
 * Returns the placed order, or the one an earlier lost attempt created.
 */
export async function placeOnce<T>(place: () => Promise<T>, find: () => Promise<T | null>, options: TPlaceOnceOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoff = options.backoffMs && options.backoffMs.length > 0 ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const sleep = options.sleep ?? realSleep;
  const label = options.label ?? "order";
  let lost: ExchangeAppError | undefined;
  let lookups = 0;

  const check = async (): Promise<{ order: T | null; known: boolean }> => {
    await sleep(backoff[Math.min(lookups, backoff.length - 1)]!);
    lookups += 1;
    const r = await lookUp(find);
    if ("found" in r) return { order: r.found, known: true };
    logger.warn("exchange: order look-up failed", { order: label, error: translateExchangeError(r.failed).message });
    return { order: null, known: false };
  };

  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (lost) {
      const { order, known } = await check();
      if (order !== null) return order;
      if (!known) continue; // cannot tell whether it exists: never place blind
    }
    try {
      return await place();
    } catch (err) {
      const e = translateExchangeError(err, { placing: true });
      if (lost && isDuplicateClientId(e)) {
        const { order } = await check();
        if (order !== null) return order;
      }
      if (!(e instanceof ExchangeAppError) || !e.outcomeUnknown) throw e;
      logger.warn("exchange: placement outcome unknown, will look the order up", { order: label, attempt, error: e.message });
      lost = e;
    }
  }

  const last = await check();
  if (last.order !== null) return last.order;
  const base = lost!;
  return Promise.reject(
    new ExchangeAppError(
      "EXCHANGE_UNAVAILABLE",
      last.known
        ? `${label} was not placed after ${attempts} attempts: ${base.message}`
        : `${label}: the exchange did not confirm it and could not be asked; it may exist — reconcile by client order id (${base.message})`,
      { retryable: true, outcomeUnknown: !last.known, exchangeCode: base.exchangeCode, kind: base.kind, cause: base },
    ),
  );
}
