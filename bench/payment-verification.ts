// Payment verification throughput (issue 5: verify 1,000 pending payments against the fake
// TronGrid; target ≤ 2 API calls per payment). Loads the fake with a realistic mix of transfers,
// verifies each hash once through the TRC-20 provider, --concurrency at a time, and prints
// payments/s and API calls per payment, overall and by outcome. --latency adds a delay to every
// fake answer, to see the figures with a network in between (TronGrid is ~100–300 ms away).
// Usage: npx tsx bench/payment-verification.ts [--count 1000] [--concurrency 10] [--latency 0]
import { randomBytes } from "node:crypto";
import type { TVerification } from "../server/payments/provider";
import { createTrc20Provider } from "../server/payments/trc20-provider";
import { FAKE_RECEIVING_ADDRESS, USDT_CONTRACT, startFakeTronGrid, type TFakeTronGrid } from "../test/fakes/trongrid";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 1000);
const CONCURRENCY = arg("concurrency", 10);
const LATENCY_MS = arg("latency", 0);
const PRICE = "49";
const MAX_CALLS_PER_PAYMENT = 2;

// Out of every 100 payments: what users send, and what the provider must conclude.
const MIX: { share: number; kind: string; expect: TVerification["status"]; add: (f: TFakeTronGrid) => string }[] = [
  { share: 70, kind: "valid, exact", expect: "confirmed", add: (f) => f.addTransfer({ amountUsdt: PRICE }) },
  { share: 8, kind: "valid, overpaid", expect: "confirmed", add: (f) => f.addTransfer({ amountUsdt: "50.25" }) },
  { share: 5, kind: "underpaid", expect: "rejected", add: (f) => f.addUnderpaid({ priceUsdt: PRICE, shortBaseUnits: 500_000n }) },
  { share: 3, kind: "look-alike token", expect: "rejected", add: (f) => f.addWrongToken({ amountUsdt: PRICE }) },
  { share: 3, kind: "wrong recipient", expect: "rejected", add: (f) => f.addWrongRecipient({ amountUsdt: PRICE }) },
  { share: 2, kind: "reverted", expect: "rejected", add: (f) => f.addReverted({ amountUsdt: PRICE }) },
  { share: 2, kind: "too old", expect: "rejected", add: (f) => f.addOld({ amountUsdt: PRICE, hoursAgo: 100 }) },
  { share: 4, kind: "not solidified yet", expect: "pending", add: (f) => f.addTransfer({ amountUsdt: PRICE, solidified: false }) },
  { share: 3, kind: "not on chain yet", expect: "pending", add: () => randomBytes(32).toString("hex") },
];

async function main(): Promise<void> {
  const fake = await startFakeTronGrid();
  fake.setLatency(LATENCY_MS);
  const kinds = MIX.flatMap((m) => Array<(typeof MIX)[number]>(m.share).fill(m));
  const payments = Array.from({ length: COUNT }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { kind, txHash: kind.add(fake) };
  });
  const provider = createTrc20Provider({
    apiUrl: fake.apiUrl,
    usdtContract: USDT_CONTRACT,
    receivingAddress: FAKE_RECEIVING_ADDRESS,
    minConfirmations: 19,
    windowHours: 72,
  });
  const submittedAt = new Date();

  // Warm-up (JIT, keep-alive sockets), not counted.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => provider.verify({ txHash: randomBytes(32).toString("hex"), expectedAmount: PRICE, submittedAt })));
  fake.calls.length = 0;

  const results: TVerification[] = new Array<TVerification>(COUNT);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < COUNT; i = next++) {
      results[i] = await provider.verify({ txHash: payments[i]!.txHash, expectedAmount: PRICE, submittedAt });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;

  const callsByTx = new Map<string, number>();
  for (const c of fake.calls) {
    const txid = (c.body as { value?: string }).value ?? "(no txid)";
    callsByTx.set(txid, (callsByTx.get(txid) ?? 0) + 1);
  }
  const total = fake.calls.length;
  const maxCalls = Math.max(...payments.map((p) => callsByTx.get(p.txHash) ?? 0));
  const wrong = payments.filter((p, i) => results[i]!.status !== p.kind.expect);

  console.log(`payment verification: ${COUNT} payments, concurrency ${CONCURRENCY}, fake latency ${LATENCY_MS} ms`);
  console.log(`  ${Math.round(COUNT / seconds).toLocaleString("en-US")} payments verified/s (${seconds.toFixed(2)} s)`);
  console.log(`  API calls: ${total} total, ${(total / COUNT).toFixed(2)} per payment, at most ${maxCalls} for one payment`);
  console.log(`  ${"outcome".padEnd(20)} ${"payments".padStart(8)} ${"calls/payment".padStart(14)}  verdict`);
  for (const m of MIX) {
    const mine = payments.map((p, i) => ({ p, r: results[i]! })).filter((x) => x.p.kind === m);
    const calls = mine.reduce((sum, x) => sum + (callsByTx.get(x.p.txHash) ?? 0), 0);
    const sample = mine[0]?.r;
    const verdict = sample ? `${sample.status}${"reason" in sample ? `: ${sample.reason}` : ""}` : "-";
    console.log(`  ${m.kind.padEnd(20)} ${String(mine.length).padStart(8)} ${(calls / Math.max(1, mine.length)).toFixed(2).padStart(14)}  ${verdict}`);
  }
  await fake.close();

  if (wrong.length > 0) console.log(`WRONG VERDICTS: ${wrong.length} (e.g. ${wrong[0]!.kind.kind})`);
  const ok = maxCalls <= MAX_CALLS_PER_PAYMENT && wrong.length === 0;
  console.log(ok ? `OK: every payment took ≤ ${MAX_CALLS_PER_PAYMENT} calls` : `ABOVE TARGET or wrong verdicts`);
  if (!ok) process.exitCode = 1;
}

await main();
