// The track record: publishing a signal and each of its events (a TP_HIT that leaves it open too)
// append one link each in the same transaction; concurrent writers still make one unbroken chain; the public route
// serves it and the verifier (over HTTP, as `npm run verify-chain` runs it) accepts it — and names
// the link when one stored row is edited, or says history was rewritten when the edited chain is
// re-hashed to hide it. Bad input is a 400 naming the field.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as route from "@/app/api/signals/chain/route";
import { db } from "@/server/db/client";
import { createSignal } from "@/server/signals/create-signal";
import { recordSignalEvent } from "@/server/signals/record-event";
import { ZSignalInput } from "@/server/signals/schemas";
import { call, expectError } from "@/test/helpers/http";
import { recordJobEvents, uniqueSymbol } from "@/test/helpers/signals";
import { canonicalJson, linkHash } from "./chain-hash";
import { verifyRemoteChain } from "./verify-remote";

const viaRoute = (async (url: string) => route.GET(new Request(url), { params: Promise.resolve({}) })) as typeof fetch;
const verify = (expected?: string) => verifyRemoteChain("http://platform.test", viaRoute, expected);

async function closedSignal(type: "ALL_TP" | "SL_HIT" = "ALL_TP") {
  const { signal } = await createSignal(ZSignalInput.parse({ symbol: uniqueSymbol(), direction: "LONG", entry: 100, targets: [101, 102], stop_loss: 99, leverage: 5 }), "ADMIN");
  await recordSignalEvent({ signalId: signal.id, type: "TP_HIT", target: 1, price: null });
  const before = await db().trackRecordLink.count({ where: { signalId: signal.id } });
  await recordSignalEvent({ signalId: signal.id, type, target: null, price: null });
  return { id: signal.id, linksBeforeClose: before };
}

/** `npm run verify-chain -- <url>` as a subscriber runs it: the script, over real HTTP, against the route. */
async function runVerifyScript(): Promise<{ code: number; out: string }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const answer = await route.GET(new Request(`http://platform.test${req.url}`), { params: Promise.resolve({}) });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(await answer.text());
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/verify-chain.ts", `http://127.0.0.1:${port}`], { timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? "" };
  } finally {
    server.close();
  }
}

const saved: { seq: number; record: string; hash: string; prevHash: string }[] = [];
beforeEach(() => void recordJobEvents());
afterEach(async () => {
  // Put edited rows back: other files may share this database (PGlite).
  for (const row of saved.splice(0)) await db().trackRecordLink.update({ where: { seq: row.seq }, data: { record: row.record, hash: row.hash, prevHash: row.prevHash } });
});

describe("the track record", () => {
  it("publishing a signal and each of its events append one link each, in order; the public chain verifies", async () => {
    const { id, linksBeforeClose } = await closedSignal();
    expect(linksBeforeClose).toBe(2); // published, TP 1 hit
    const links = await db().trackRecordLink.findMany({ where: { signalId: id }, orderBy: { seq: "asc" } });
    const records = links.map((l) => JSON.parse(l.record) as Record<string, unknown>);
    expect(records.map((r) => r.event)).toEqual(["PUBLISHED", "TP_HIT", "ALL_TP"]);
    expect(links[0]!.eventId).toBeNull();
    expect(records[0]).toEqual({ seq: links[0]!.seq, signal_id: id, symbol: expect.any(String), direction: "LONG", entry: ["100", "100"], targets: ["101", "102"], stop_loss: "99", event: "PUBLISHED", at: expect.any(String) });
    expect(records[1]).toMatchObject({ event: "TP_HIT", target: 1, outcome: "TP_PARTIAL", targets_hit: 1, event_id: links[1]!.eventId });
    expect(records[1]).not.toHaveProperty("closed_at");
    expect(records[2]).toMatchObject({ event: "ALL_TP", outcome: "HIT_TP", targets_hit: 2, closed_at: records[2]!.at });
    const link = links[2];
    expect(JSON.parse(link!.record)).toMatchObject({ signal_id: id, event: "ALL_TP", outcome: "HIT_TP", targets: ["101", "102"], stop_loss: "99", direction: "LONG" });
    expect(link!.hash).toBe(linkHash(link!.prevHash, canonicalJson(JSON.parse(link!.record))));

    const res = await call(route.GET, { path: `/api/signals/chain?from=${link!.seq}&to=${link!.seq}` });
    expect(res.status).toBe(200);
    expect(res.body.links).toEqual([{ seq: link!.seq, prev_hash: link!.prevHash, hash: link!.hash, record: JSON.parse(link!.record) }]);
    expect(res.body.head.seq).toBeGreaterThanOrEqual(link!.seq);
    expect(await verify(link!.hash)).toMatchObject({ ok: true });
  });

  it("concurrent publications and events make one unbroken chain", async () => {
    const before = await db().trackRecordLink.count();
    await Promise.all(Array.from({ length: 5 }, (_, i) => closedSignal(i % 2 ? "SL_HIT" : "ALL_TP")));
    expect(await db().trackRecordLink.count()).toBe(before + 15);
    const result = await verify();
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThanOrEqual(15);
  });

  it("an edited row is named by the verifier; re-hashing to hide it loses the published head", async () => {
    await closedSignal();
    await closedSignal();
    const [, victim] = await db().trackRecordLink.findMany({ orderBy: { seq: "desc" }, take: 2 });
    const head = (await db().trackRecordLink.findFirst({ orderBy: { seq: "desc" } }))!;
    const rows = await db().trackRecordLink.findMany({ where: { seq: { gte: victim!.seq } }, orderBy: { seq: "asc" } });
    saved.push(...rows.map((r) => ({ seq: r.seq, record: r.record, hash: r.hash, prevHash: r.prevHash })));

    const edited = { ...(JSON.parse(victim!.record) as Record<string, unknown>), profit_pct: "42.0000", outcome: "HIT_TP" };
    await db().$executeRaw`UPDATE track_record SET record = ${canonicalJson(edited)} WHERE seq = ${victim!.seq}`;
    expect(await verify()).toMatchObject({ ok: false, broken_at: victim!.seq, reason: expect.stringContaining("does not match its hash") });
    const script = await runVerifyScript();
    expect(script.code).toBe(1);
    expect(script.out).toContain(`chain BROKEN at link ${victim!.seq}: link ${victim!.seq}'s record does not match its hash`);

    // The forger re-hashes the edited link and every one after it: the chain holds, but the head
    // subscribers were shown is gone.
    let prev = victim!.prevHash;
    for (const r of rows) {
      const record = r.seq === victim!.seq ? canonicalJson(edited) : r.record;
      const hash = linkHash(prev, record);
      await db().trackRecordLink.update({ where: { seq: r.seq }, data: { record, prevHash: prev, hash } });
      prev = hash;
    }
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify(head.hash)).toMatchObject({ ok: false, reason: expect.stringContaining("not in the chain") });
  });

  it("bad input is a 400 naming the field", async () => {
    expect(expectError(await call(route.GET, { path: "/api/signals/chain?from=0" }), 400).message).toContain("from");
    expect(expectError(await call(route.GET, { path: "/api/signals/chain?from=abc" }), 400).message).toContain("from");
    expect(expectError(await call(route.GET, { path: "/api/signals/chain?from=5&to=2" }), 400).message).toContain("to");
    expect(expectError(await call(route.GET, { path: "/api/signals/chain?from=3000000000" }), 400).message).toContain("from");
    expect(expectError(await call(route.GET, { path: "/api/signals/chain?to=3000000000" }), 400).message).toContain("to");
  });
});
