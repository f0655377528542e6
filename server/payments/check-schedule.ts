// When a PENDING payment is checked again. TRON solidifies a block in about a minute, so most
// payments are decided by the first or second check; the rest back off to every 30 minutes and
// stop at the deadline, after which the payment waits for the admin (see check-payment.ts).
export const CHECK_WINDOW_HOURS = 24;
/** The submit-time check belongs to the verify job; the sweeper steps in only after this. */
export const FIRST_CHECK_LEASE_MS = 2 * 60_000;
/** A sweeper's claim on a payment while it checks it. */
export const CHECK_LEASE_MS = 2 * 60_000;
const BASE_MS = 60_000;
const MAX_MS = 30 * 60_000;

/** Delay after the n-th check (1-based): 1, 2, 4, 8, 16, 30, 30… minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export function nextCheckAt(attempts: number, now: Date, deadline: Date | null): Date | null {
  if (deadline && now >= deadline) return null;
  const next = new Date(now.getTime() + backoffMs(attempts));
  return deadline && next > deadline ? deadline : next;
}
