// Fixed-window rate limits kept in PostgreSQL, so every app process shares one count.
import { db } from "../db/client";
import { AppError } from "../errors";

export type TRateLimit = { key: string; limit: number; windowSeconds: number };

/** Counts one attempt; RATE_LIMITED (with Retry-After) once the window's limit is passed. */
export async function consumeRateLimit({ key, limit, windowSeconds }: TRateLimit): Promise<void> {
  const rows = await db().$queryRaw<{ count: number; retry_after: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${windowSeconds})
                   THEN 1 ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${windowSeconds})
                   THEN now() ELSE rate_limit_buckets.window_start END
    RETURNING count,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => ${windowSeconds}) - now()))))::int AS retry_after`;
  const row = rows[0];
  if (row && row.count > limit) {
    throw new AppError("RATE_LIMITED", `Too many attempts; try again in ${row.retry_after} s`, {
      retryAfterSeconds: row.retry_after,
      retryable: true,
    });
  }
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
