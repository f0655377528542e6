// How the app's Node processes run (npm run dev / npm start, and the benchmarks that run its code
// in-process). Semi-spaces of 64 MB (V8's default is 16 MB; the young generation is about three
// semi-spaces, so ~150 MB more memory per process at most): a live fan-out keeps hundreds of
// copies' requests in flight, and with the default most of their short-lived objects outlived two
// young collections, were promoted, and were then found dead by full collections over a heap of
// a thousand ccxt clients — a fifth of the fan-out's CPU (bench/live-fan-out.ts: 20 % → 9 % GC).
export const APP_NODE_FLAGS = ["--max-semi-space-size=64"];

/** NODE_OPTIONS for a child process: the caller's, plus each flag it does not set itself. */
export function appNodeOptions(current: string | undefined): string {
  const own = current ?? "";
  const missing = APP_NODE_FLAGS.filter((f) => !own.includes(f.split("=")[0]!));
  return [own, ...missing].filter(Boolean).join(" ");
}
