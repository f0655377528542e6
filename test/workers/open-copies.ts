// Another app process for the cross-process risk test: opens the paper copies of the signals named
// on the command line, all at once, against DATABASE_URL. Started with an IPC channel (fork): it
// prepares, says {ready: true}, waits for "go" — so that both processes start opening at the same
// moment however long each took to start — then answers {opened, failed} and exits.
//   fork("test/workers/open-copies.ts", [<price>, <SYMBOL=signalId>...], { execArgv: ["--import", "tsx"] })
import { disconnectDb } from "@/server/db/client";
import { openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { createFakePriceFeed } from "@/test/fakes/price-feed";

const send = process.send?.bind(process);
if (!send) throw new Error("open-copies.ts runs as a forked worker (it needs the IPC channel)");

const [price, ...pairs] = process.argv.slice(2);
const signals = pairs.map((p) => p.split("=") as [string, string]);
const feed = createFakePriceFeed(Object.fromEntries(signals.map(([symbol]) => [symbol, price!])));
const markets = await Promise.all(signals.map(([, id]) => prepareSignalCopy(id, { priceFeed: feed })));
const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
send({ ready: true });
await go;
const results = await Promise.all(markets.map((m) => openPaperCopies(m!, 0, 2000, { priceFeed: feed })));
send({ opened: results.reduce((n, r) => n + r.opened, 0), failed: results.reduce((n, r) => n + r.failed, 0) });
await disconnectDb();
process.disconnect();
