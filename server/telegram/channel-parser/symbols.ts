// Trading pairs: found in the normalised text and replaced by a placeholder, so that the digits
// in "1000pepe/usdt" or "btcusdt" are never read as prices by the field readers.
import { normalizeSymbol } from "../../lib/symbol";

// A pair with a separator (btc/usdt, btc-usdt, 1000pepe_usdt, eth/btc) or glued to a stablecoin
// quote (btcusdt, btcusdt.p). The base must hold a letter, so "4.80 - btc" is not a pair and
// "1000usdt" is an amount.
const PAIR =
  /(?<![a-z0-9.,/])[#$]?(?:([a-z0-9]{1,20}) ?[/\-_] ?(usdt|usdc|busd|fdusd|usd|btc|eth)(?::usdt|:usdc)?|([a-z0-9]{1,20})(usdt|usdc|busd|fdusd))(?:\.p|[-_]?perp(?:etual)?)?(?![a-z0-9])/g;
const BARE_TICKER = /(?<![a-z0-9])\$([a-z][a-z0-9]{1,14})(?![a-z0-9/])/g;
const HAS_LETTER = /[a-z]/;
/** What a pair becomes in the text the rest of the parser reads. */
const SYMBOL_MARK = " § ";

/** `work` is the text with pairs marked; `bare` holds "$btc"-style tickers that lack a quote. */
export type TSymbols = { work: string; symbols: string[]; bare: string[] };

export function extractSymbols(text: string): TSymbols {
  const symbols: string[] = [];
  const bare: string[] = [];
  let work = text.replace(PAIR, (whole: string, base?: string, quote?: string, gluedBase?: string, gluedQuote?: string) => {
    const b = base ?? gluedBase ?? "";
    const symbol = HAS_LETTER.test(b) ? normalizeSymbol(`${b}/${quote ?? gluedQuote ?? ""}`) : null;
    if (!symbol) return whole;
    if (!symbols.includes(symbol)) symbols.push(symbol);
    return SYMBOL_MARK;
  });
  if (work.includes("$")) {
    work = work.replace(BARE_TICKER, (_whole: string, ticker: string) => {
      bare.push(ticker.toUpperCase());
      return SYMBOL_MARK;
    });
  }
  return { work, symbols, bare };
}
