import { describe, expect, it } from "vitest";
import { takeTurns } from "./take-turns";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("takeTurns", () => {
  it("one turn at a time, in the order they were asked for, whatever each one's length", async () => {
    const turns = takeTurns();
    const log: string[] = [];
    const work = async (name: string, ms: number) => {
      const end = await turns.turn();
      log.push(`${name} starts`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} ends`);
      end();
    };
    await Promise.all([work("a", 30), work("b", 1), work("c", 10)]);
    expect(log).toEqual(["a starts", "a ends", "b starts", "b ends", "c starts", "c ends"]);
  });

  it("ending a turn twice ends only that turn; a turn that failed still passes it on once ended", async () => {
    const turns = takeTurns();
    const first = await turns.turn();
    let second = false;
    let third = false;
    const waiting = [turns.turn().then((end) => ((second = true), end)), turns.turn().then((end) => ((third = true), end))];
    await tick();
    expect([second, third]).toEqual([false, false]);
    first();
    first();
    await tick();
    expect([second, third]).toEqual([true, false]);
    const failing = async () => {
      const end = await waiting[0]!;
      try {
        throw new Error("boom");
      } finally {
        end();
      }
    };
    await expect(failing()).rejects.toThrow("boom");
    await tick();
    expect(third).toBe(true);
  });
});
