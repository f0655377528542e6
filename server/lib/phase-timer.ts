// Where a hot path spends its time, for the benchmarks (bench/fan-out.ts, bench/price-monitor.ts):
// a process-wide tally of wall time per named phase. Two performance.now() calls per phase, so it
// stays on in production; nothing reads it there.
const tally = new Map<string, { ms: number; count: number }>();

/** Adds the time since `startedAt` (a performance.now() value) to `phase`; returns now. */
export function endPhase(phase: string, startedAt: number): number {
  const now = performance.now();
  const t = tally.get(phase);
  if (t) {
    t.ms += now - startedAt;
    t.count += 1;
  } else tally.set(phase, { ms: now - startedAt, count: 1 });
  return now;
}

/** Times one awaited step as `phase`. */
export async function timePhase<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    endPhase(phase, t0);
  }
}

/** The phases in the order they were first seen, and clears the tally. */
export function takePhaseTimings(): { phase: string; ms: number; count: number }[] {
  const out = [...tally].map(([phase, t]) => ({ phase, ...t }));
  tally.clear();
  return out;
}
