// Telegram's HTML parse mode: escaping, and the #BASE/QUOTE pair the channel style names a symbol by.
// The messages themselves live with their domains (signals/telegram-text.ts, membership/messages.ts, …).
/** Escapes text for Telegram's HTML parse mode (`&` first, so entities are not escaped twice). */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const QUOTES = ["USDT", "USDC", "BUSD", "FDUSD", "USD", "BTC", "ETH"];

/** BTCUSDT → { base: "BTC", pair: "BTC/USDT" } */
export function splitSymbol(symbol: string): { base: string; pair: string } {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? "";
  const base = quote ? symbol.slice(0, -quote.length) : symbol;
  return { base, pair: quote ? `${base}/${quote}` : symbol };
}
