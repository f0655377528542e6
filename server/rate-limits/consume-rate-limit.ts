// Fixed-window rate limits kept in PostgreSQL, so every app process shares one count.
import { db } from "../db/client";
import { AppError } from "../errors";

export type TRateLimit = { key: string; limit: number; windowSeconds: number };
type TWindow = { count: number; retryAfter: number };

/** Counts one attempt; RATE_LIMITED (with Retry-After) once the window's limit is passed. */
export async function consumeRateLimit({ key, limit, windowSeconds }: TRateLimit): Promise<void> {
  const window = await countAttempt(key, windowSeconds);
  if (window.count > limit) throw rateLimited(window.retryAfter);
}

/** RATE_LIMITED when the window already holds `limit` attempts; counts nothing. */
export async function checkRateLimit({ key, limit, windowSeconds }: TRateLimit): Promise<void> {
  const window = await peekRateLimit(key, windowSeconds);
  if (window.count >= limit) throw rateLimited(window.retryAfter);
}

/** Adds one to the key's current window (a new window when the last one is over). */
export async function countAttempt(key: string, windowSeconds: number): Promise<TWindow> {
  const rows = await db().$queryRaw<{ count: number; retry_after: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${windowSeconds})
                   THEN 1 ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${windowSeconds})
                   THEN now() ELSE rate_limit_buckets.window_start END
    RETURNING count,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => ${windowSeconds}) - now()))))::int AS retry_after`;
  return { count: rows[0]?.count ?? 0, retryAfter: rows[0]?.retry_after ?? windowSeconds };
}

/** The attempts in the key's current window (0 when it is over). */
export async function peekRateLimit(key: string, windowSeconds: number): Promise<TWindow> {
  const rows = await db().$queryRaw<{ count: number; retry_after: number }[]>`
    SELECT count,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => ${windowSeconds}) - now()))))::int AS retry_after
    FROM rate_limit_buckets
    WHERE key = ${key} AND window_start > now() - make_interval(secs => ${windowSeconds})`;
  return { count: rows[0]?.count ?? 0, retryAfter: rows[0]?.retry_after ?? windowSeconds };
}

function rateLimited(retryAfter: number): AppError {
  return new AppError("RATE_LIMITED", `Too many attempts; try again in ${retryAfter} s`, {
    retryAfterSeconds: retryAfter,
    retryable: true,
  });
}

export async function resetRateLimit(key: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key } });
}

export async function pruneRateLimits(olderThanSeconds = 86_400): Promise<number> {
  const { count } = await db().rateLimitBucket.deleteMany({
    where: { windowStart: { lt: new Date(Date.now() - olderThanSeconds * 1000) } },
  });
  return count;
}
