// Preloaded into the benchmarked `next start` (NODE_OPTIONS=--import): counts every statement the
// process sends through node-postgres (Prisma's adapter and the raw pool both end in
// Client#query) and answers the running total on BENCH_QUERY_COUNTER_PORT, so the benchmark can
// tell how many statements one page load cost. `pg` is a server-external package (next.config.ts)
// and CommonJS: this import and the server's require share one module instance.
import http from "node:http";
import process from "node:process";
import pg from "pg";

let count = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  count++;
  return original.apply(this, args);
};

const port = Number(process.env.BENCH_QUERY_COUNTER_PORT);
if (port) {
  http
    .createServer((_req, res) => {
      res.setHeader("content-type", "text/plain");
      res.end(String(count));
    })
    .listen(port, "127.0.0.1")
    .unref();
}
