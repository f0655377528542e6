// Another app process for the cross-process risk test: opens the paper copies of the signals named
// on the command line, all at once, against DATABASE_URL — starting at the given instant so that the
// processes race. Prints one JSON line: how many copies it opened and how many were refused.
//   tsx test/workers/open-copies.ts <startAtMs> <price> <SYMBOL=signalId>...
import { disconnectDb } from "@/server/db/client";
import { openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { createFakePriceFeed } from "@/test/fakes/price-feed";

const [startAt, price, ...pairs] = process.argv.slice(2);
const signals = pairs.map((p) => p.split("=") as [string, string]);
const feed = createFakePriceFeed(Object.fromEntries(signals.map(([symbol]) => [symbol, price!])));
const markets = await Promise.all(signals.map(([, id]) => prepareSignalCopy(id, { priceFeed: feed })));
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const results = await Promise.all(markets.map((m) => openPaperCopies(m!, 0, 2000, { priceFeed: feed })));
process.stdout.write(`${JSON.stringify({ opened: results.reduce((n, r) => n + r.opened, 0), failed: results.reduce((n, r) => n + r.failed, 0) })}\n`);
await disconnectDb();
