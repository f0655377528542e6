import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ExchangeAppError } from "./errors";
import { placeOnce } from "./place-once";

const timeout = () => new ExchangeAppError("EXCHANGE_UNAVAILABLE", "timed out", { retryable: true, outcomeUnknown: true, kind: "RequestTimeout" });
const fast = { sleep: async () => {}, backoffMs: [0] };

function script<T>(steps: Array<T | Error>) {
  let i = 0;
  const fn = async () => {
    const s = steps[Math.min(i, steps.length - 1)]!;
    i += 1;
    if (s instanceof Error) throw s;
    return s;
  };
  return Object.assign(fn, { calls: () => i });
}

describe("placeOnce", () => {
  it("places once when all goes well, without looking anything up", async () => {
    const place = script(["placed"]);
    const find = script<string | null>([null]);
    expect(await placeOnce(place, find, fast)).toBe("placed");
    expect([place.calls(), find.calls()]).toEqual([1, 0]);
  });

  it("a timeout after the exchange accepted: finds the order and does not place again", async () => {
    const place = script<string>([timeout(), "second"]);
    const find = script<string | null>(["the first one"]);
    expect(await placeOnce(place, find, fast)).toBe("the first one");
    expect([place.calls(), find.calls()]).toEqual([1, 1]);
  });

  it("a timeout before the exchange saw it: not found, so it places again", async () => {
    const place = script<string>([timeout(), "placed"]);
    const find = script<string | null>([null]);
    expect(await placeOnce(place, find, fast)).toBe("placed");
    expect([place.calls(), find.calls()]).toEqual([2, 1]);
  });

  it("a definite refusal is thrown at once", async () => {
    const place = script<string>([new ExchangeAppError("INSUFFICIENT_FUNDS", "Margin is insufficient.")]);
    const find = script<string | null>([null]);
    await expect(placeOnce(place, find, fast)).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    expect(find.calls()).toBe(0);
  });

  it("never places blind: when the look-up fails too, it gives up with outcome unknown", async () => {
    const place = script<string>([timeout()]);
    const find = script<string | null>([new AppError("EXCHANGE_UNAVAILABLE", "down")]);
    const err = await placeOnce(place, find, { ...fast, attempts: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "EXCHANGE_UNAVAILABLE", outcomeUnknown: true, retryable: true });
    expect(place.calls()).toBe(1);
  });

  it("gives up after the attempts when the exchange keeps timing out and the order is not there", async () => {
    const place = script<string>([timeout()]);
    const find = script<string | null>([null]);
    const err = await placeOnce(place, find, { ...fast, attempts: 2, label: "entry vz-1" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "EXCHANGE_UNAVAILABLE", outcomeUnknown: false });
    expect((err as Error).message).toContain("entry vz-1 was not placed after 2 attempts");
    expect(place.calls()).toBe(2);
  });

  it("a duplicate client id after a lost attempt means the first one landed", async () => {
    const dup = new ExchangeAppError("INVALID_ORDER", "ClientOrderId is duplicated. (-4116)", { exchangeCode: -4116, kind: "InvalidOrder" });
    const place = script<string>([timeout(), dup]);
    const find = script<string | null>([null, "the first one"]);
    expect(await placeOnce(place, find, fast)).toBe("the first one");
  });

  it("waits the backoff before each look-up", async () => {
    const waits: number[] = [];
    const place = script<string>([timeout(), timeout(), "placed"]);
    const find = script<string | null>([null]);
    await placeOnce(place, find, { backoffMs: [100, 300], sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([100, 300]);
  });
});
