// The local fake Binance (test/fakes/binance) in a process of its own, for benchmarks that measure
// the platform's CPU: Binance's work (parsing, signature checks, matching) is not done on the
// platform's event loop in production, so it must not be in the benchmark's either. The benchmark
// talks to it over IPC (structured clone: Dates stay Dates) for the few things it sets and reads:
// accounts, latency, and what was called and placed.
//
//   parent: const fake = await startRemoteFakeBinance({ rateLimits }); … await fake.snapshot(); await fake.close();
//   child:  this file run directly (tsx), started by startRemoteFakeBinance.
// FAKE_CPU_PROF_DIR=dir: the child writes a CPU profile there when it exits (what Binance's stand-in costs).
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeBinance, type TFakeBinance } from "../../test/fakes/binance";

type TStartOptions = NonNullable<Parameters<typeof startFakeBinance>[0]>;
type TAccount = Parameters<TFakeBinance["addAccount"]>[0];

type TRequest =
  | { op: "addAccounts"; accounts: TAccount[] }
  | { op: "setLatency"; ms: number }
  | { op: "clearCalls" }
  | { op: "snapshot" }
  | { op: "close" };

export type TFakeSnapshot = Pick<TFakeBinance, "calls" | "orders" | "algoOrders"> & { placements: TFakeBinance["calls"] };

export type TRemoteFakeBinance = {
  baseUrl: string;
  addAccounts(accounts: TAccount[]): Promise<void>;
  setLatency(ms: number): Promise<void>;
  /** Forgets the calls so far (accounts and orders stay). */
  clearCalls(): Promise<void>;
  snapshot(): Promise<TFakeSnapshot>;
  close(): Promise<void>;
};

export async function startRemoteFakeBinance(options: TStartOptions = {}): Promise<TRemoteFakeBinance> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], { execArgv: [...process.execArgv, ...(process.env.FAKE_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FAKE_CPU_PROF_DIR}`] : [])], serialization: "advanced", stdio: "inherit" });
  let next = 0;
  const waiting = new Map<number, (answer: unknown) => void>();
  child.on("message", (m: { id: number; answer: unknown }) => {
    waiting.get(m.id)?.(m.answer);
    waiting.delete(m.id);
  });
  const ask = <T>(request: TRequest | { op: "baseUrl" }): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (a: unknown) => void);
      child.send({ id, request });
    });
  const baseUrl = await ask<string>({ op: "baseUrl" });
  return {
    baseUrl,
    addAccounts: (accounts) => ask({ op: "addAccounts", accounts }),
    setLatency: (ms) => ask({ op: "setLatency", ms }),
    clearCalls: () => ask({ op: "clearCalls" }),
    snapshot: () => ask<TFakeSnapshot>({ op: "snapshot" }),
    close: async () => {
      await ask({ op: "close" });
      child.disconnect();
    },
  };
}

async function serve(): Promise<void> {
  const fake = await startFakeBinance(JSON.parse(process.argv[2] ?? "{}") as TStartOptions);
  process.on("disconnect", () => process.exit(0)); // the benchmark ended (or died): so does Binance
  process.on("message", (m: { id: number; request: TRequest | { op: "baseUrl" } }) => {
    const r = m.request;
    const answer = (value: unknown = null) => process.send!({ id: m.id, answer: value });
    if (r.op === "baseUrl") return answer(fake.baseUrl);
    if (r.op === "addAccounts") return answer(void r.accounts.forEach((a) => fake.addAccount(a)));
    if (r.op === "setLatency") return answer(fake.setLatency(r.ms));
    if (r.op === "clearCalls") return answer((fake.calls.length = 0));
    if (r.op === "snapshot") return answer({ calls: fake.calls, orders: fake.orders, algoOrders: fake.algoOrders, placements: fake.placements() });
    void fake.close().then(() => answer());
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve();
