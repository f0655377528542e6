// Another app process for the two-watchers test: runs one watch of the incoming USDT transfers
// against DATABASE_URL and TRON_API_URL from its environment. Forked with an IPC channel: says
// {ready: true}, waits for "go" (both processes start together), answers its report and exits.
import { disconnectDb } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { watchIncomingTransfers } from "@/server/payments/watch-transfers";

const send = process.send?.bind(process);
if (!send) throw new Error("watch-payments.ts runs as a forked worker (it needs the IPC channel)");

// The outbox kick after commit has no job engine here; the parent's sweepers would pick it up.
setEventDispatcher(async () => {});
const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
send({ ready: true });
await go;
send({ report: await watchIncomingTransfers({ pageLimit: 5 }) });
await disconnectDb();
process.disconnect();
