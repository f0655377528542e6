// The exchange layer alone (issue 18): N accounts' orders for one signal through the live adapter
// (server/exchange/ccxt-exchange.ts) against the fake Binance in its own process with 50 ms per
// answer — margin type and leverage (unless --warm), the market entry, three take-profits and the
// stop, 200 accounts at a time as the fan-out's pool does — without the database, the job or the
// validation that make bench/live-fan-out.ts take minutes. Prints the time to the last entry and
// to the last order, and this process's CPU per account: the quick loop for the adapter's cost.
// Usage: npx tsx bench/live-orders.ts [--users 1000] [--warm] [--cpu-prof FILE]
//   FAKE_CPU_PROF_DIR=dir also profiles the fake's process (what Binance's stand-in costs).
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { createCcxtExchange } from "../server/exchange/ccxt-exchange";
import { mapPool } from "../server/lib/map-pool";
import { startRemoteFakeBinance } from "./lib/remote-fake-binance";
import { rerunWithAppNodeFlags } from "./lib/server";

const args = process.argv.slice(2);
const USERS = args.includes("--users") ? Number(args[args.indexOf("--users") + 1]) : 1000;
const WARM = args.includes("--warm");
const CPU_PROFILE = args.includes("--cpu-prof") ? args[args.indexOf("--cpu-prof") + 1]! : null;
/** As the fan-out's rolling pool (live-copies.ts BATCH_IN_FLIGHT). */
const IN_FLIGHT = 200;

async function main(): Promise<void> {
  const fake = await startRemoteFakeBinance({});
  await fake.addAccounts(Array.from({ length: USERS }, (_, i) => ({ apiKey: `bench-key-${i}`, apiSecret: `bench-secret-${i}`, balanceUsdt: "100000" })));
  await fake.setLatency(50);
  const exchanges = Array.from({ length: USERS }, (_, i) =>
    createCcxtExchange({ mode: "BINANCE_TESTNET", apiKey: `bench-key-${i}`, apiSecret: `bench-secret-${i}`, baseUrl: fake.baseUrl, sharedReadMaxAgeMs: 500 }),
  );
  await exchanges[0]!.marketRules("BTCUSDT"); // exchangeInfo and the clock, once, before the clock starts
  const profiler = CPU_PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastEntry = 0;
  await mapPool(exchanges, IN_FLIGHT, async (ex, i) => {
    if (!WARM) await Promise.all([ex.setLeverage("BTCUSDT", 10), ex.setMarginMode("BTCUSDT", "ISOLATED")]);
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.010", clientOrderId: `bench-e-${i}` });
    lastEntry = performance.now() - t0;
    await Promise.all([
      ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.003", price: "61000", clientOrderId: `bench-t1-${i}` }),
      ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.003", price: "62000", clientOrderId: `bench-t2-${i}` }),
      ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.004", price: "63000", clientOrderId: `bench-t3-${i}` }),
      ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.010", triggerPrice: "59000", clientOrderId: `bench-s-${i}`, readBack: "unless-mark-checked" }),
    ]);
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    await writeFile(CPU_PROFILE!, JSON.stringify(profile));
  }
  const placed = (await fake.snapshot()).placements.filter((c) => c.status === 200).length;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`live orders, ${USERS} accounts (${WARM ? "warm: settings known" : "cold: margin type and leverage first"}), ${IN_FLIGHT} at a time, 50 ms per answer`);
  console.log(`  last entry acknowledged ${lastEntry.toFixed(0)} ms; last order ${wall.toFixed(0)} ms; ${placed} orders accepted`);
  console.log(`  this process's CPU ${cpuMs.toFixed(0)} ms = ${(cpuMs / USERS).toFixed(2)} ms per account`);
  await fake.close();
}

if (!rerunWithAppNodeFlags()) await main();
