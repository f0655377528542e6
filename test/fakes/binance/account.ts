// Accounts: positions, margin and fills (what every order ends in), and the account endpoints —
// leverage, margin type, position mode, leverage brackets, symbol config, account, balance,
// position risk and the trade history (GET /fapi/v1/userTrades, one trade per fill).
import { D, FAKE_BNB_PRICE, fail, fmt, places, type TAccount, type TAnswer, type TDec, type TFakeOrder, type TFakeTrade, type TParams, type TState, markOf } from "./state";

const DEFAULT_LEVERAGE = 20;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

export function createAccountBook(st: TState) {
  const { symbols, trades, symbolOf, serverNow } = st;
  const posKey = (symbol: string, side: string) => `${symbol}:${side}`;
  const position = (a: TAccount, symbol: string, side: string) => a.positions.get(posKey(symbol, side)) ?? { amt: new D(0), entry: new D(0) };
  const leverageOf = (a: TAccount, symbol: string) => a.leverage.get(symbol) ?? DEFAULT_LEVERAGE;
  const usedMargin = (a: TAccount) =>
    [...a.positions.entries()].reduce((sum, [key, p]) => sum.add(p.amt.abs().mul(p.entry).div(leverageOf(a, key.split(":")[0]!))), new D(0));
  const unrealized = (a: TAccount) =>
    [...a.positions.entries()].reduce((sum, [key, p]) => sum.add(new D(symbols.get(key.split(":")[0]!)!.price).sub(p.entry).mul(p.amt)), new D(0));
  const available = (a: TAccount) => D.max(0, a.wallet.add(unrealized(a)).sub(usedMargin(a)));

  /** The signed change a fill makes to the position it touches (hedge: LONG grows on BUY, SHORT on SELL). */
  function signedQty(side: "BUY" | "SELL", qty: TDec) {
    return side === "BUY" ? qty : qty.neg();
  }

  /** True when the order would shrink the position it belongs to. */
  function reduces(a: TAccount, symbol: string, side: "BUY" | "SELL", positionSide: string) {
    const p = position(a, symbol, positionSide);
    if (positionSide === "LONG") return side === "SELL";
    if (positionSide === "SHORT") return side === "BUY";
    return !p.amt.isZero() && p.amt.isPositive() === (side === "SELL");
  }

  function applyFill(a: TAccount, symbol: string, side: "BUY" | "SELL", positionSide: string, qty: TDec, price: TDec, maker = false): { fee: TDec; realized: TDec } {
    const key = posKey(symbol, positionSide);
    const p = position(a, symbol, positionSide);
    if (qty.isZero()) return { fee: new D(0), realized: new D(0) };
    const delta = signedQty(side, qty);
    let realized = new D(0);
    const next = p.amt.add(delta);
    if (p.amt.isZero() || p.amt.isPositive() === delta.isPositive()) {
      const entry = p.amt.abs().mul(p.entry).add(qty.mul(price)).div(next.abs());
      a.positions.set(key, { amt: next, entry });
    } else {
      const closed = D.min(qty, p.amt.abs());
      realized = price.sub(p.entry).mul(closed).mul(p.amt.isPositive() ? 1 : -1);
      if (next.isZero()) a.positions.delete(key);
      else if (next.isPositive() === p.amt.isPositive()) a.positions.set(key, { amt: next, entry: p.entry });
      else a.positions.set(key, { amt: next, entry: price });
    }
    const fee = qty.mul(price).mul(maker ? a.fees.makerRate : a.fees.takerRate);
    // Fees paid in BNB leave the USDT wallet alone.
    a.wallet = a.wallet.add(realized).sub(a.fees.asset === "USDT" ? fee : 0);
    if (!a.positions.has(key)) expireReduceOnly(a, symbol, positionSide);
    return { fee, realized };
  }

  /** Binance expires resting reduce-only orders once their position is gone. */
  function expireReduceOnly(a: TAccount, symbol: string, positionSide: string) {
    for (const o of a.orders) {
      if (o.symbol === symbol && o.positionSide === positionSide && o.reduceOnly && isOpen(o)) {
        o.status = "EXPIRED";
        o.updateTime = Date.now();
      }
    }
  }

  const isOpen = (o: TFakeOrder) => o.status === "NEW" || o.status === "PARTIALLY_FILLED";
  const hasOpenOrders = (a: TAccount, symbol: string) =>
    a.orders.some((o) => o.symbol === symbol && isOpen(o)) || a.algoOrders.some((o) => o.symbol === symbol && o.algoStatus === "NEW");

  function fillOrder(a: TAccount, o: TFakeOrder, price: TDec, maker = false, upTo?: TDec) {
    let qty = upTo ?? new D(o.origQty);
    if (o.reduceOnly || o.positionSide !== "BOTH") {
      const held = position(a, o.symbol, o.positionSide).amt.abs();
      if (reduces(a, o.symbol, o.side, o.positionSide)) qty = D.min(qty, held);
    }
    const s = symbols.get(o.symbol)!;
    const { fee, realized } = applyFill(a, o.symbol, o.side, o.positionSide, qty, price, maker);
    // The commission in the account's fee asset (BNB converted at FAKE_BNB_PRICE, 8 places as Binance shows it).
    const commission = a.fees.asset === "USDT" ? fee : fee.div(FAKE_BNB_PRICE).toDecimalPlaces(8);
    if (qty.gt(0)) {
      trades.push({
        apiKey: a.apiKey,
        id: st.nextTradeId++,
        orderId: o.orderId,
        symbol: o.symbol,
        side: o.side,
        positionSide: o.positionSide,
        price: price.toFixed(),
        qty: qty.toFixed(),
        quoteQty: qty.mul(price).toFixed(),
        realizedPnl: realized.toFixed(8),
        commission: commission.toFixed(8),
        commissionAsset: a.fees.asset,
        maker,
        time: Date.now(),
      });
    }
    o.status = "FILLED";
    o.executedQty = fmt(qty, places(s.stepSize));
    o.avgPrice = price.toFixed();
    o.cumQuote = qty.mul(price).toFixed();
    o.commission = fee.toFixed();
    o.updateTime = Date.now();
  }

  const tradeWire = (t: TFakeTrade) => ({
    buyer: t.side === "BUY",
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    realizedPnl: t.realizedPnl,
    side: t.side,
    positionSide: t.positionSide,
    symbol: t.symbol,
    time: t.time,
  });
  function accountWire(a: TAccount) {
    const wallet = a.wallet.toFixed(8);
    const upnl = unrealized(a).toFixed(8);
    const margin = usedMargin(a).toFixed(8);
    const avail = available(a).toFixed(8);
    const marginBalance = a.wallet.add(unrealized(a)).toFixed(8);
    const asset = {
      asset: "USDT",
      walletBalance: wallet,
      unrealizedProfit: upnl,
      marginBalance,
      maintMargin: "0.00000000",
      initialMargin: margin,
      positionInitialMargin: margin,
      openOrderInitialMargin: "0.00000000",
      crossWalletBalance: wallet,
      crossUnPnl: upnl,
      availableBalance: avail,
      maxWithdrawAmount: avail,
      marginAvailable: true,
      updateTime: Date.now(),
    };
    return {
      totalInitialMargin: margin,
      totalMaintMargin: "0.00000000",
      totalWalletBalance: wallet,
      totalUnrealizedProfit: upnl,
      totalMarginBalance: marginBalance,
      totalPositionInitialMargin: margin,
      totalOpenOrderInitialMargin: "0.00000000",
      totalCrossWalletBalance: wallet,
      totalCrossUnPnl: upnl,
      availableBalance: avail,
      maxWithdrawAmount: avail,
      assets: [asset],
      positions: positionsWire(a),
    };
  }
  function positionsWire(a: TAccount) {
    return [...a.positions.entries()].map(([key, p]) => {
      const [symbol, positionSide] = key.split(":") as [string, string];
      const mark = markOf(symbols.get(symbol)!);
      return {
        symbol,
        positionSide,
        positionAmt: p.amt.toFixed(),
        entryPrice: p.entry.toFixed(),
        breakEvenPrice: p.entry.toFixed(),
        markPrice: mark,
        unRealizedProfit: new D(mark).sub(p.entry).mul(p.amt).toFixed(8),
        liquidationPrice: "0",
        leverage: String(leverageOf(a, symbol)),
        marginType: (a.marginType.get(symbol) ?? "CROSSED").toLowerCase() === "isolated" ? "isolated" : "cross",
        isolatedMargin: "0.00000000",
        isAutoAddMargin: "false",
        notional: p.amt.mul(mark).toFixed(8),
        isolatedWallet: "0",
        updateTime: Date.now(),
      };
    });
  }

  function route(a: TAccount, route: string, p: TParams): TAnswer | undefined {
    const ok = (body: unknown): TAnswer => ({ status: 200, body });
    switch (route) {
      case "POST /fapi/v1/leverage": {
        const s = symbolOf(p.symbol);
        const lev = Number(p.leverage);
        if (!Number.isInteger(lev) || lev < 1 || lev > s.maxLeverage) fail(-4028, `Leverage ${p.leverage} is not valid`);
        const holds = [...a.positions.keys()].some((k) => k.startsWith(`${s.symbol}:`));
        if (holds && lev < leverageOf(a, s.symbol) && (a.marginType.get(s.symbol) ?? "CROSSED") === "ISOLATED") {
          fail(-4161, "Leverage reduction is not supported in Isolated Margin Mode with open positions.");
        }
        a.leverage.set(s.symbol, lev);
        return ok({ leverage: lev, maxNotionalValue: "1000000", symbol: s.symbol });
      }
      case "POST /fapi/v1/marginType": {
        const s = symbolOf(p.symbol);
        const type = p.marginType === "ISOLATED" || p.marginType === "CROSSED" ? p.marginType : fail(-4044, "Margin type is invalid.");
        if ((a.marginType.get(s.symbol) ?? "CROSSED") === type) fail(-4046, "No need to change margin type.");
        if (hasOpenOrders(a, s.symbol)) fail(-4047, "Margin type cannot be changed if there exists open orders.");
        if ([...a.positions.keys()].some((k) => k.startsWith(`${s.symbol}:`))) fail(-4048, "Margin type cannot be changed if there exists position.");
        a.marginType.set(s.symbol, type);
        return ok({ code: 200, msg: "success" });
      }
      case "GET /fapi/v1/symbolConfig": {
        const list = p.symbol !== undefined ? [symbolOf(p.symbol)] : [...symbols.values()];
        return ok(
          list.map((s) => ({ symbol: s.symbol, marginType: a.marginType.get(s.symbol) ?? "CROSSED", isAutoAddMargin: "false", leverage: leverageOf(a, s.symbol), maxNotionalValue: "1000000" })),
        );
      }
      case "GET /fapi/v1/positionSide/dual":
        return ok({ dualSidePosition: a.dualSide });
      case "POST /fapi/v1/positionSide/dual": {
        const dual = p.dualSidePosition === "true";
        if (dual === a.dualSide) fail(-4059, "No need to change position side.");
        const openAlgo = a.algoOrders.some((o) => o.algoStatus === "NEW");
        if (openAlgo || a.orders.some(isOpen)) fail(-4067, "Position side cannot be changed if there exists open orders.");
        if (a.positions.size > 0) fail(-4068, "Position side cannot be changed if there exists position.");
        a.dualSide = dual;
        return ok({ code: 200, msg: "success" });
      }
      case "GET /fapi/v1/leverageBracket": {
        const list = p.symbol !== undefined ? [symbolOf(p.symbol)] : [...symbols.values()];
        const body = list.map((s) => ({
          symbol: s.symbol,
          notionalCoef: 1.0,
          brackets: [{ bracket: 1, initialLeverage: s.maxLeverage, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 }],
        }));
        return ok(p.symbol !== undefined ? body[0] : body);
      }
      case "GET /fapi/v1/userTrades": {
        const s = symbolOf(p.symbol).symbol;
        const limit = Math.min(Number(p.limit ?? 500), 1000);
        // Without startTime/endTime Binance answers the last 7 days only; a longer span is refused.
        // One reading of the clock: two could straddle a millisecond and make the default span 7 days
        // + 1 ms, refused as -1127 (seen under load in bench/live-fan-out.ts).
        const now = serverNow();
        const start = p.startTime !== undefined ? Number(p.startTime) : p.endTime !== undefined ? Number(p.endTime) - SEVEN_DAYS_MS : now - SEVEN_DAYS_MS;
        const end = p.endTime !== undefined ? Number(p.endTime) : p.startTime !== undefined ? start + SEVEN_DAYS_MS : now;
        if (end - start > SEVEN_DAYS_MS) fail(-1127, "More than 7 days between startTime and endTime.");
        const mine = trades.filter(
          (t) => t.apiKey === a.apiKey && t.symbol === s && (p.orderId === undefined || String(t.orderId) === p.orderId) && t.time >= start && t.time <= end,
        );
        return ok(mine.slice(-limit).map(tradeWire));
      }
      case "GET /fapi/v2/account":
      case "GET /fapi/v3/account":
        return ok(accountWire(a));
      case "GET /fapi/v2/balance":
      case "GET /fapi/v3/balance": {
        const w = accountWire(a).assets[0]!;
        return ok([
          {
            accountAlias: "SgsR",
            asset: "USDT",
            balance: w.walletBalance,
            crossWalletBalance: w.crossWalletBalance,
            crossUnPnl: w.crossUnPnl,
            availableBalance: w.availableBalance,
            maxWithdrawAmount: w.maxWithdrawAmount,
            marginAvailable: true,
            updateTime: w.updateTime,
          },
        ]);
      }
      case "GET /fapi/v2/positionRisk":
      case "GET /fapi/v3/positionRisk":
        return ok(positionsWire(a).filter((x) => p.symbol === undefined || x.symbol === p.symbol));
      default:
        return undefined;
    }
  }

  return { position, leverageOf, available, reduces, isOpen, fillOrder, route };
}

export type TAccountBook = ReturnType<typeof createAccountBook>;
