// preparedQuery on both databases: Next loads server modules more than once (pages and route
// handlers are bundled apart), and the pool replaces connections it closed when idle. On PGlite
// every connection shares one session, so a statement outlives its connection (issue 11: every
// bearer route answered 500 "prepared statement … already exists" after an idle minute).
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as ClientModule from "./client";

type TClientModule = typeof ClientModule;

/** A fresh copy of the module, as Next's separate bundles each have one; the pool is shared. */
async function freshModule(): Promise<TClientModule> {
  vi.resetModules();
  return import("./client");
}

const SQL = "SELECT $1::int + 1 AS n";

describe("preparedQuery", () => {
  afterEach(async () => {
    await (await import("./client")).disconnectDb();
  });

  it("runs the same statement from two module copies after the pool replaced its connection", async () => {
    const first = await freshModule();
    expect(await first.preparedQuery<{ n: number }>(SQL, [1])).toEqual([{ n: 2 }]);
    // The pool's idle connection closed; the next query gets a new one (same PGlite session).
    await first.disconnectDb();

    const second = await freshModule();
    expect(await second.preparedQuery<{ n: number }>(SQL, [41])).toEqual([{ n: 42 }]);
    expect(await first.preparedQuery<{ n: number }>(SQL, [2])).toEqual([{ n: 3 }]);
  });

  it("keeps answering under concurrent callers from both copies", async () => {
    const [a, b] = [await freshModule(), await freshModule()];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).preparedQuery<{ n: number }>(SQL, [i])));
    expect(results.map((r) => r[0]?.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("reuses a statement's text but never confuses two statements", async () => {
    const m = await freshModule();
    const [x] = await m.preparedQuery<{ v: string }>("SELECT $1::text AS v", ["a"]);
    const [y] = await m.preparedQuery<{ v: string }>("SELECT upper($1::text) AS v", ["a"]);
    expect([x?.v, y?.v]).toEqual(["a", "A"]);
  });
});
