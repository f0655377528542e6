// TExchange on Binance USDⓈ-M through ccxt binanceusdm (REFERENCES.md §2). Conditional orders
// (STOP_MARKET) go to the Algo Order API (/fapi/v1/algoOrder, clientAlgoId) and are fetched and
// cancelled with {trigger: true}; every placement is idempotent by our client order id (placeOnce).
// Amounts round DOWN to the LOT_SIZE step and prices to the tick here, before ccxt sees them.
import { createHash } from "node:crypto";
import { AppError } from "../errors";
import { accountMemory, type TAccountMemory } from "./account-memory";
import { ensureMarkets, marketById, accountClient, pricesFrom, resyncClock, rulesFromMarket, serverClock, sharedRead, type TBinanceClient } from "./ccxt-client";
import { weightBudget } from "./binance-limits";
import { dec, floorToStep, roundToTick, str } from "../decimal";
import { isClockRefusal, STOP_CROSSED_KIND, translateExchangeError, ExchangeAppError } from "./errors";
import { placeOnce, type TPlaceOnceOptions } from "./place-once";
import { toOrder } from "./binance-order";
import type { TExchange, TExchangeOrder, TExchangeTrade, TLimitOrderInput, TMarketOrderInput, TMarketRules, TOrderRef, TOrderSide, TStopOrderInput } from "./types";

export type TCcxtExchangeConfig = {
  mode: "BINANCE_TESTNET" | "BINANCE_MAINNET";
  apiKey: string;
  apiSecret: string;
  /** testnet → BINANCE_FUTURES_TESTBASE, mainnet → BINANCE_FUTURES_BASE (create-exchange.ts reads them). */
  baseUrl: string;
  /** Hedge (dual-side) position mode: orders carry positionSide and never reduceOnly. */
  hedgeMode?: boolean;
  timeoutMs?: number;
  /** Retry policy of placements (attempts, backoff); tests shorten it. */
  retry?: TPlaceOnceOptions;
  /**
   * What the platform knows of this account (position mode, leverage caps, symbol settings), kept
   * by the connection's owner in the database; absent: known only to this adapter.
   */
  memory?: TAccountMemory;
  /** How old a shared public read (all prices, a mark price) may be (default 0: in flight only). */
  sharedReadMaxAgeMs?: number;
};

type TRaw = Record<string, unknown>;
type TCcxtOrder = { info?: unknown };

/** GET /fapi/v1/userTrades without startTime/endTime covers the last 7 days; a span may not be longer. */
const TRADES_DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;

export function createCcxtExchange(cfg: TCcxtExchangeConfig): TExchange {
  const secrets = [cfg.apiKey, cfg.apiSecret];
  const client: TBinanceClient = (() => {
    try {
      return accountClient({
        baseUrl: cfg.baseUrl,
        network: cfg.mode === "BINANCE_TESTNET" ? "testnet" : "mainnet",
        apiKey: cfg.apiKey,
        apiSecret: cfg.apiSecret,
        timeoutMs: cfg.timeoutMs,
      });
    } catch (err) {
      throw new AppError("INTERNAL", `exchange misconfigured: ${(err as Error).message}`);
    }
  })();
  const hedge = cfg.hedgeMode === true;
  // A digest, not the key: API keys stay only in the client that needs them.
  const accountDigest = createHash("sha256").update(cfg.apiKey).digest("hex").slice(0, 24);
  const memory = cfg.memory ?? accountMemory();

  /**
   * Runs a ccxt call; whatever it throws comes out as an AppError, once. A -1021 (our timestamp
   * outside Binance's recvWindow) was refused before anything happened: re-sync the clock, try once more.
   */
  async function run<T>(action: string, fn: () => Promise<T>, placing = false): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = translateExchangeError(err, { placing, secrets, action });
      if (!isClockRefusal(e)) throw e;
      try {
        await resyncClock(client, cfg.baseUrl);
        return await fn();
      } catch (again) {
        throw translateExchangeError(again, { placing, secrets, action });
      }
    }
  }

  async function market(symbol: string) {
    await run("load markets", () => ensureMarkets(client, cfg.baseUrl));
    return run(`find market ${symbol}`, async () => marketById(client, symbol));
  }

  /**
   * The account's leverage caps, read again from Binance and remembered: one GET
   * /fapi/v1/leverageBracket without a symbol (weight 1, as with one) answers every symbol. Null
   * when it cannot be read (keys without futures permission): the rules stay usable without it.
   */
  async function refreshLeverageCaps(): Promise<Readonly<Record<string, number>> | null> {
    let raw: unknown;
    try {
      raw = await sharedRead(`${cfg.baseUrl} ${accountDigest} leverageBracket`, () => client.fapiPrivateGetLeverageBracket());
    } catch {
      return null;
    }
    const caps: Record<string, number> = {};
    for (const entry of (Array.isArray(raw) ? raw : [raw]) as Array<{ symbol?: unknown; brackets?: Array<{ initialLeverage?: unknown }> } | undefined>) {
      const lev = Number(entry?.brackets?.[0]?.initialLeverage);
      if (typeof entry?.symbol === "string" && Number.isInteger(lev) && lev > 0) caps[entry.symbol] = lev;
    }
    // Only caps Binance answered are kept: an empty answer is asked again on the next entry.
    if (Object.keys(caps).length > 0) await memory.rememberLeverageCaps(caps);
    return Object.keys(caps).length > 0 ? caps : null;
  }

  /**
   * The account's leverage cap on a symbol, from what is remembered (learned when the connection was
   * validated). Brackets change rarely and Binance announces it; a leverage over a lowered cap is
   * refused (-4028) and prepareSymbol reads them again then. Read here only when nothing is known or
   * the symbol is missing (listed since).
   */
  async function leverageCap(symbol: string): Promise<number | null> {
    const known = memory.leverageCaps();
    if (known && known[symbol] !== undefined) return known[symbol];
    return (await refreshLeverageCaps())?.[symbol] ?? null;
  }

  /** The symbol's mark price (GET /fapi/v1/premiumIndex), or null when it cannot be read. */
  async function markPrice(id: string): Promise<string | null> {
    try {
      const raw = (await sharedRead(`${cfg.baseUrl} premiumIndex ${id}`, () => client.fapiPublicGetPremiumIndex({ symbol: id }), cfg.sharedReadMaxAgeMs)) as { markPrice?: unknown } | undefined;
      return typeof raw?.markPrice === "string" && dec(raw.markPrice).gt(0) ? str(dec(raw.markPrice)) : null;
    } catch {
      return null; // the exchange's own -2021 and the read-back after placing still guard
    }
  }

  async function rules(symbol: string): Promise<TMarketRules> {
    return rulesFromMarket(await market(symbol));
  }

  /** Hedge mode: an opening BUY is LONG; a closing (reduce-only) BUY closes the SHORT. */
  function sideParams(side: TOrderSide, reduceOnly: boolean): TRaw {
    if (!hedge) return reduceOnly ? { reduceOnly: "true" } : {};
    const long = side === "BUY" ? !reduceOnly : reduceOnly;
    return { positionSide: long ? "LONG" : "SHORT" };
  }

  // Placements go to Binance's own endpoints with decimal strings (no float touches a quantity or
  // price), the same parameters ccxt's createOrder sent, without its request building and parseOrder:
  // toOrder reads Binance's answer as it is. A fan-out places thousands a second on one core.
  function amount(qty: string, r: TMarketRules): string {
    const q = dec(floorToStep(qty, r.amountStep));
    if (q.lte(0)) throw new ExchangeAppError("INVALID_ORDER", `quantity ${qty} rounds to zero on ${r.symbol} (step ${r.amountStep})`);
    return str(q);
  }
  const priceOf = (p: string, r: TMarketRules) => {
    const v = dec(roundToTick(p, r.priceTick));
    if (v.lte(0)) throw new ExchangeAppError("INVALID_ORDER", `price ${p} rounds to zero on ${r.symbol} (tick ${r.priceTick})`);
    return str(v);
  };

  /** When an order was placed and last changed (Binance's ms), or null when Binance does not know it. */
  async function orderTimes(symbolId: string, orderId: string): Promise<{ time: number; updateTime: number } | null> {
    try {
      const raw = (await run(`find order ${orderId}`, () => client.fapiPrivateGetOrder({ symbol: symbolId, orderId }))) as TRaw;
      const [time, updateTime] = [Number(raw.time), Number(raw.updateTime)];
      return Number.isFinite(time) && Number.isFinite(updateTime) && time > 0 ? { time, updateTime: Math.max(time, updateTime) } : null;
    } catch (err) {
      if (err instanceof AppError && err.code === "NOT_FOUND") return null;
      throw err;
    }
  }

  async function findOrder(o: TOrderRef): Promise<TExchangeOrder | null> {
    const m = await market(o.symbol);
    try {
      const found = (await run(`find order ${o.clientOrderId}`, () => client.fetchOrder("", m.symbol, { clientOrderId: o.clientOrderId, trigger: o.conditional }))) as TCcxtOrder;
      const order = toOrder(found.info, hedge);
      if (o.conditional && order.fillUnknown) return withChildFill(order, found.info as TRaw, m.symbol);
      return order;
    } catch (err) {
      const e = translateExchangeError(err, { secrets, action: `find order ${o.clientOrderId}` });
      if (e.code === "NOT_FOUND") return null;
      throw e;
    }
  }

  /**
   * A fired algo order filled through the order it spawned (actualOrderId): it takes that order's
   * state and exactly its fill. No child yet (TRIGGERING) or a child that cannot be read: fillUnknown.
   */
  async function withChildFill(order: TExchangeOrder, info: TRaw, unified: string): Promise<TExchangeOrder> {
    const childId = typeof info.actualOrderId === "string" || typeof info.actualOrderId === "number" ? String(info.actualOrderId) : "";
    if (childId === "") return order;
    let child: TExchangeOrder;
    try {
      child = toOrder(((await run(`find order ${childId}`, () => client.fetchOrder(childId, unified))) as TCcxtOrder).info, hedge);
    } catch {
      return { ...order, fillOrderId: childId };
    }
    const status = child.status === "NEW" ? "OPEN" : child.status;
    return { ...order, status, filledQty: child.filledQty, avgPrice: child.avgPrice, fillOrderId: childId, fillUnknown: false };
  }

  async function place(what: string, clientOrderId: string, symbol: string, conditional: boolean, send: () => Promise<unknown>) {
    return placeOnce(
      async () => toOrder(await run(`place ${what} ${clientOrderId}`, send, true), hedge),
      () => findOrder({ symbol, clientOrderId, conditional }),
      { label: `${what} ${clientOrderId}`, ...cfg.retry },
    );
  }

  return {
    mode: cfg.mode,
    async marketRules(symbol) {
      const r = await rules(symbol);
      return { ...r, maxLeverage: await leverageCap(r.symbol) };
    },
    async lastPrices(symbols) {
      const wanted = new Set(symbols);
      // Every user's client asks for the same prices: one request in flight per base URL serves them all.
      const rows = await sharedRead(`${cfg.baseUrl} ticker/price`, () => run("fetch prices", () => client.fapiPublicV2GetTickerPrice()), cfg.sharedReadMaxAgeMs);
      return pricesFrom(rows, wanted);
    },
    async balance() {
      // ccxt's fetchBalance loads markets into a client that has none: from the shared cache instead
      // of this client's own exchangeInfo and clock requests (weight 2 per validation).
      await run("load markets", () => ensureMarkets(client, cfg.baseUrl));
      const b = await run("fetch balance", () => client.fetchBalance());
      const assets = ((b.info as { assets?: TRaw[] } | undefined)?.assets ?? []).find((a) => a.asset === "USDT");
      const usdt = b.USDT as { total?: number; free?: number } | undefined;
      return {
        totalUsdt: decimalOr(assets?.marginBalance ?? assets?.walletBalance, usdt?.total),
        freeUsdt: decimalOr(assets?.availableBalance, usdt?.free),
      };
    },
    hasWeightToSpare(weight) {
      return weightBudget(cfg.baseUrl, serverClock(cfg.baseUrl)).hasHalfToSpare(weight);
    },
    async setLeverage(symbol, leverage) {
      const m = await market(symbol);
      await run(`set leverage on ${symbol}`, () => client.setLeverage(leverage, m.symbol));
    },
    async setMarginMode(symbol, mode) {
      const m = await market(symbol);
      try {
        await run(`set margin mode on ${symbol}`, () => client.setMarginMode(mode === "CROSSED" ? "cross" : "isolated", m.symbol));
      } catch (err) {
        const e = translateExchangeError(err, { secrets, action: `set margin mode on ${symbol}` });
        if (e instanceof ExchangeAppError && (e.kind === "MarginModeAlreadySet" || e.exchangeCode === -4046)) return;
        throw e;
      }
    },
    async prepareSymbol(symbol, want, opts) {
      const m = await market(symbol);
      const id = m.id ?? symbol;
      const known = opts?.fresh === true ? null : memory.symbolSettings(id);
      if (known && known.leverage === want.leverage && known.marginMode === want.marginMode) {
        return { leverage: known.leverage, marginMode: known.marginMode, kept: [] };
      }
      // No read of symbolConfig first (weight 5 on the IP every user shares): what is known of the
      // account is skipped, the rest is set (weight 1 each; "no need to change" is success). The
      // account's actual setting is read only when Binance refuses the change and it must be named.
      let current: Promise<{ leverage: number; marginMode: "ISOLATED" | "CROSSED" } | null> | undefined;
      const actual = () => (current ??= run(`read settings of ${symbol}`, () => client.fapiPrivateGetSymbolConfig({ symbol: m.id })).then((raw) => symbolSettings(raw)).catch(() => null));
      const kept: string[] = [];
      let capped = false;
      // Margin type and leverage are independent settings: both requests go at once (one round trip
      // of latency per entry instead of two).
      const settingMargin = async (): Promise<"ISOLATED" | "CROSSED"> => {
        if (known?.marginMode === want.marginMode) return want.marginMode;
        try {
          await this.setMarginMode(symbol, want.marginMode);
          return want.marginMode;
        } catch (err) {
          if (!(err instanceof ExchangeAppError) || !KEEP_MARGIN_MODE.has(err.exchangeCode ?? 0)) throw err;
          const now = await actual();
          if (!now) throw err;
          kept.push(`margin mode stays ${now.marginMode.toLowerCase()} on ${symbol}: ${err.message}`);
          return now.marginMode;
        }
      };
      const settingLeverage = async (): Promise<number> => {
        if (known?.leverage === want.leverage) return want.leverage;
        try {
          await this.setLeverage(symbol, want.leverage);
          return want.leverage;
        } catch (err) {
          if (err instanceof ExchangeAppError && err.exchangeCode === LEVERAGE_OVER_CAP) {
            // The remembered cap is stale (Binance lowered the bracket): read the caps again and
            // set the leverage the account allows now, once.
            const cap = (await refreshLeverageCaps())?.[id];
            if (cap === undefined || cap >= want.leverage) throw err;
            await this.setLeverage(symbol, cap);
            capped = true;
            kept.push(`leverage capped at ${cap}x on ${symbol}: Binance lowered the account's cap (${err.message})`);
            return cap;
          }
          if (!(err instanceof ExchangeAppError) || !KEEP_LEVERAGE.has(err.exchangeCode ?? 0)) throw err;
          const now = await actual();
          if (!now) throw err;
          kept.push(`leverage stays ${now.leverage}x on ${symbol}: ${err.message}`);
          return now.leverage;
        }
      };
      const [margin, lev] = await Promise.allSettled([settingMargin(), settingLeverage()]);
      if (margin.status === "rejected") throw margin.reason;
      if (lev.status === "rejected") throw lev.reason;
      const marginMode = margin.value;
      const leverage = lev.value;
      // Only what was asked (or capped) and is now in force is remembered: a setting Binance kept
      // is set again next time.
      await memory.rememberSymbolSettings(id, kept.length === 0 || (capped && kept.length === 1) ? { leverage, marginMode } : null);
      return { leverage, marginMode, kept };
    },
    async refreshLeverageCaps() {
      await refreshLeverageCaps();
    },
    async setPositionMode(hedgeMode) {
      try {
        await run("set position mode", () => client.setPositionMode(hedgeMode));
      } catch (err) {
        const e = translateExchangeError(err, { secrets, action: "set position mode" });
        if (e instanceof ExchangeAppError && e.exchangeCode === -4059) return; // "No need to change position side."
        throw positionModeRefusal(e, hedgeMode) ?? e;
      }
    },
    async marketOrder(o: TMarketOrderInput) {
      const r = await rules(o.symbol);
      const params = { symbol: r.symbol, side: o.side, type: "MARKET", quantity: amount(o.qty, r), newClientOrderId: o.clientOrderId, newOrderRespType: "RESULT", ...sideParams(o.side, o.reduceOnly === true) };
      return place("market order", o.clientOrderId, o.symbol, false, () => client.fapiPrivatePostOrder(params));
    },
    async takeProfitLimit(o: TLimitOrderInput) {
      const r = await rules(o.symbol);
      const params = {
        symbol: r.symbol, side: o.side, type: "LIMIT", quantity: amount(o.qty, r), price: priceOf(o.price, r), timeInForce: "GTC",
        newClientOrderId: o.clientOrderId, newOrderRespType: "RESULT", ...sideParams(o.side, true),
      };
      return place("take-profit", o.clientOrderId, o.symbol, false, () => client.fapiPrivatePostOrder(params));
    },
    async stopMarket(o: TStopOrderInput) {
      const r = await rules(o.symbol);
      const qty = amount(o.qty, r);
      const trigger = priceOf(o.triggerPrice, r);
      // The stop watches the mark price (workingType MARK_PRICE). One already past it would fire at
      // once; Binance's -2021 for that is documented for trailing stops only, so check it here first.
      const mark = await markPrice(r.symbol);
      if (mark !== null && (o.side === "SELL" ? dec(mark).lte(trigger) : dec(mark).gte(trigger))) {
        throw new ExchangeAppError("INVALID_ORDER", `the stop at ${trigger} is already past the mark price ${mark} on ${o.symbol}: it would trigger at once`, { kind: STOP_CROSSED_KIND });
      }
      // The Algo Order API (conditional orders since Binance moved them there): clientAlgoId, triggerPrice.
      const params = {
        algoType: "CONDITIONAL", symbol: r.symbol, side: o.side, type: "STOP_MARKET", quantity: qty, triggerPrice: trigger, workingType: "MARK_PRICE",
        clientAlgoId: o.clientOrderId, newOrderRespType: "RESULT", ...sideParams(o.side, true),
      };
      const placed = await place("stop", o.clientOrderId, o.symbol, true, () => client.fapiPrivatePostAlgoOrder(params));
      // Accepted is not resting: the mark may have crossed it meanwhile. Read it back once — unless
      // the caller leaves that to the watchdog and the mark was just checked (a fan-out's entries
      // skip the read's weight; only a cross within the ~100 ms since the check goes unseen until then).
      if (o.readBack === "unless-mark-checked" && mark !== null) return placed;
      const now = await findOrder({ symbol: o.symbol, clientOrderId: o.clientOrderId, conditional: true }).catch(() => null);
      return now ?? placed;
    },
    async cancelOrder(o) {
      const m = await market(o.symbol);
      try {
        await run(`cancel ${o.clientOrderId}`, () => client.cancelOrder("", m.symbol, { clientOrderId: o.clientOrderId, trigger: o.conditional }));
      } catch (err) {
        const e = translateExchangeError(err, { secrets, action: `cancel ${o.clientOrderId}` });
        if (e.code !== "NOT_FOUND") throw e; // unknown order: already filled, cancelled or never placed
      }
    },
    async cancelAll(symbol) {
      const m = await market(symbol);
      const results = await Promise.allSettled([
        run(`cancel orders on ${symbol}`, () => client.cancelAllOrders(m.symbol)),
        run(`cancel conditional orders on ${symbol}`, () => client.cancelAllOrders(m.symbol, { trigger: true })),
      ]);
      const failed = results.find((x): x is PromiseRejectedResult => x.status === "rejected");
      if (failed) throw failed.reason;
    },
    async openOrders(symbol) {
      const m = await market(symbol);
      const [normal, conditional] = await Promise.all([
        run(`list orders on ${symbol}`, () => client.fetchOpenOrders(m.symbol)),
        run(`list conditional orders on ${symbol}`, () => client.fetchOpenOrders(m.symbol, undefined, undefined, { trigger: true })),
      ]);
      return [...normal, ...conditional].map((x) => toOrder(x.info, hedge));
    },
    findOrder,
    async orderTrades(o) {
      const m = await market(o.symbol);
      const fetchTrades = async (window: { startTime: number; endTime: number } | null) => {
        const rows = await run(`fetch trades of order ${o.exchangeOrderId}`, () => client.fapiPrivateGetUserTrades({ symbol: m.id, orderId: o.exchangeOrderId, ...window }));
        return (Array.isArray(rows) ? (rows as TRaw[]) : []).map(toTrade).filter((t) => t.orderId === o.exchangeOrderId);
      };
      const recent = await fetchTrades(null);
      if (recent.length > 0) return recent;
      // Without a time span Binance answers the last 7 days only: an older order's trades are read in
      // 7-day windows from its placement to its last update.
      const span = await orderTimes(m.id ?? o.symbol, o.exchangeOrderId);
      // Placed within the window: the recent answer was complete. (Compared by placement, not last
      // update: an order placed 10 days ago, filled 9 days ago and cancelled yesterday has old fills.)
      if (span === null || span.time > Date.now() - TRADES_DEFAULT_WINDOW_MS) return recent;
      const found: TExchangeTrade[] = [];
      for (let start = span.time; start <= span.updateTime; start += TRADES_DEFAULT_WINDOW_MS) {
        found.push(...(await fetchTrades({ startTime: start, endTime: Math.min(start + TRADES_DEFAULT_WINDOW_MS - 1, span.updateTime + 1) })));
      }
      return found;
    },
  };
}

/**
 * Binance refuses to switch the position mode while the account holds a position (-4068) or open
 * orders (-4067), on ANY symbol: a CONFLICT that names the reason, instead of a bare "refused".
 */
function positionModeRefusal(e: AppError, hedgeMode: boolean): ExchangeAppError | null {
  if (!(e instanceof ExchangeAppError) || (e.exchangeCode !== -4067 && e.exchangeCode !== -4068)) return null;
  const what = e.exchangeCode === -4068 ? "open positions" : "open orders";
  return new ExchangeAppError(
    "CONFLICT",
    `Binance cannot switch the account to ${hedgeMode ? "hedge" : "one-way"} position mode while it has ${what} (${e.exchangeCode}): close the positions and cancel the orders on every symbol first`,
    { exchangeCode: e.exchangeCode, kind: e.kind, cause: e, extra: { reason: e.exchangeCode === -4068 ? "open_positions" : "open_orders" } },
  );
}

/** Margin type cannot change over open orders (-4047) or a position (-4048). */
const KEEP_MARGIN_MODE = new Set([-4047, -4048]);
/** "Leverage N is not valid": over the account's cap on the symbol. */
const LEVERAGE_OVER_CAP = -4028;
/** Leverage reduction refused in isolated mode over a position (-4161); the position exceeds the new leverage's bracket (-2027). */
const KEEP_LEVERAGE = new Set([-4161, -2027]);

/** GET /fapi/v1/symbolConfig's row: the account's leverage and margin type on the symbol. */
function symbolSettings(raw: unknown): { leverage: number; marginMode: "ISOLATED" | "CROSSED" } | null {
  const row = (Array.isArray(raw) ? raw[0] : raw) as TRaw | undefined;
  const leverage = Number(row?.leverage);
  const type = row?.marginType;
  if (!Number.isInteger(leverage) || leverage < 1 || (type !== "ISOLATED" && type !== "CROSSED")) return null;
  return { leverage, marginMode: type };
}

/** One row of GET /fapi/v1/userTrades (Binance's raw strings: no float touches qty, price or commission). */
function toTrade(raw: TRaw): TExchangeTrade {
  const text = (k: string) => (typeof raw[k] === "string" || typeof raw[k] === "number" ? String(raw[k]) : "");
  const num = (k: string) => str(dec(text(k) || "0"));
  return {
    tradeId: text("id"),
    orderId: text("orderId"),
    symbol: text("symbol"),
    side: raw.side === "SELL" ? "SELL" : "BUY",
    qty: num("qty"),
    price: num("price"),
    commission: num("commission"),
    commissionAsset: text("commissionAsset") || "USDT",
    maker: raw.maker === true,
    time: new Date(Number(text("time")) || 0),
  };
}

function decimalOr(raw: unknown, parsed: number | undefined): string {
  if (typeof raw === "string" && raw !== "") return str(dec(raw));
  return typeof parsed === "number" && Number.isFinite(parsed) ? str(dec(parsed.toString())) : "0";
}
