// The embedded database has one connection: a burst of transactions queues for it rather than
// failing with "busy" after Prisma's default 2 s wait (the newcomer soak's 503s, issue 11).
import { describe, expect, it } from "vitest";
import { db } from "./client";

const embedded = process.env.DATABASE_EMBEDDED === "1";

describe.skipIf(!embedded)("transactions on the embedded database", () => {
  it("40 at once, each holding the one connection for 100 ms (4 s in all), all commit", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => db().$transaction(async (tx) => (await tx.$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n FROM pg_sleep(0.1)`)[0]!.n)),
    );
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r).reason));
    expect(failed).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
