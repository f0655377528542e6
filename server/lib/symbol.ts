// Symbols as the exchange names them: `btc/usdt`, `BTC-USDT`, `#BTC/USDT`, `BTCUSDT.P`,
// `BTC/USDT:USDT` → `BTCUSDT`.
const QUOTES = ["USDT", "USDC", "BUSD", "FDUSD", "USD", "BTC", "ETH"];

export function normalizeSymbol(raw: string): string | null {
  let s = raw.trim().toUpperCase().replace(/^[#$]/, "");
  s = s.replace(/:[A-Z]+$/, ""); // ccxt's settle suffix
  s = s.replace(/\.P$|[-_]?PERP(ETUAL)?$/, ""); // perpetual markers
  s = s.replace(/[\s/\-_]/g, "");
  if (!/^[A-Z0-9]{2,20}$/.test(s)) return null;
  if (!QUOTES.some((q) => s.endsWith(q) && s.length > q.length)) return null;
  return s;
}
