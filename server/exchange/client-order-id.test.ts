import { describe, expect, it } from "vitest";
import { CLIENT_ORDER_ID, clientOrderId, legOf } from "./client-order-id";

const SIGNAL = "7d6f3c2a-1b4e-4c8f-9a0d-2e5b6c7d8e9f";

describe("clientOrderId", () => {
  it("is deterministic: re-running a fan-out derives the same id", () => {
    expect(clientOrderId({ userId: 42, signalId: SIGNAL, leg: "entry" })).toBe(clientOrderId({ userId: 42, signalId: SIGNAL, leg: "entry" }));
    expect(clientOrderId({ userId: 42, signalId: SIGNAL, leg: "entry", attempt: 0 })).toBe(clientOrderId({ userId: 42, signalId: SIGNAL, leg: "entry" }));
  });

  it("differs per user, signal, leg, attempt and scope", () => {
    const ids = new Set([
      clientOrderId({ userId: 42, signalId: SIGNAL, leg: "entry" }),
      clientOrderId({ userId: 43, signalId: SIGNAL, leg: "entry" }),
      clientOrderId({ userId: 42, signalId: SIGNAL.replace("7d", "8d"), leg: "entry" }),
      clientOrderId({ userId: 42, signalId: SIGNAL, leg: "tp1" }),
      clientOrderId({ userId: 42, signalId: SIGNAL, leg: "tp10" }),
      clientOrderId({ userId: 42, signalId: SIGNAL, leg: "sl" }),
      clientOrderId({ userId: 42, signalId: SIGNAL, leg: "sl", attempt: 1 }),
      clientOrderId({ userId: 42, positionId: SIGNAL, leg: "entry" }),
    ]);
    expect(ids.size).toBe(8);
  });

  it("fits Binance: ≤ 36 chars of [A-Za-z0-9_-], even for the longest leg and attempt", () => {
    for (const leg of ["entry", "close", "tp10", "sl", "dca10"]) {
      for (const attempt of [0, 1, 99]) {
        const id = clientOrderId({ userId: 2_147_483_647, signalId: SIGNAL, leg, attempt });
        expect(id.length).toBeLessThanOrEqual(36);
        expect(id).toMatch(CLIENT_ORDER_ID);
        expect(id).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/); // Binance's own rule
      }
    }
  });

  it("names its leg for a human reading the exchange's order list", () => {
    const id = clientOrderId({ userId: 1, signalId: SIGNAL, leg: "tp3", attempt: 2 });
    expect(id.startsWith("vz-tp3_2-")).toBe(true);
    expect(legOf(id)).toBe("tp3");
    expect(legOf("x-xcKtGhcu1234")).toBeNull();
  });

  it("no collisions among 100,000 ids of a busy day", () => {
    const seen = new Set<string>();
    for (let u = 0; u < 10_000; u += 1) {
      for (const leg of ["entry", "tp1", "tp2", "tp3", "sl", "close", "tp4", "tp5", "tp6", "tp7"]) seen.add(clientOrderId({ userId: u, signalId: SIGNAL, leg }));
    }
    expect(seen.size).toBe(100_000);
    // A bound on a failure, not on speed: 100,000 HMACs take ~1 s idle, past 5 s on a busy machine.
  }, 60_000);

  it("refuses legs and attempts that would break the format", () => {
    expect(() => clientOrderId({ userId: 1, signalId: SIGNAL, leg: "takeprofit" })).toThrow(/leg/);
    expect(() => clientOrderId({ userId: 1, signalId: SIGNAL, leg: "TP1" })).toThrow(/leg/);
    expect(() => clientOrderId({ userId: 1, signalId: SIGNAL, leg: "sl", attempt: 100 })).toThrow(/attempt/);
    expect(() => clientOrderId({ userId: 1, signalId: "", leg: "sl" })).toThrow(/signal or position/);
  });
});
