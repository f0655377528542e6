import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FAKE_OTHER_RECIPIENT,
  FAKE_RECEIVING_ADDRESS,
  FAKE_SENDER_ADDRESS,
  LOOKALIKE_USDT_CONTRACT,
  SOLIDIFIED_DEPTH,
  USDT_CONTRACT,
  startFakeTronGrid,
  type TFakeTronGrid,
} from "../../test/fakes/trongrid";
import type { TPaymentProvider, TVerification } from "./provider";
import { createTrc20Provider, formatUsdt, usdtToBaseUnits, type TTrc20Config } from "./trc20-provider";

let fake: TFakeTronGrid;
beforeAll(async () => {
  fake = await startFakeTronGrid();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const SOLID_INFO = "/walletsolidity/gettransactioninfobyid";
const FULL_INFO = "/wallet/gettransactioninfobyid";

function provider(overrides: Partial<TTrc20Config> = {}): TPaymentProvider {
  return createTrc20Provider({
    apiUrl: fake.apiUrl,
    usdtContract: USDT_CONTRACT,
    receivingAddress: FAKE_RECEIVING_ADDRESS,
    minConfirmations: 19,
    windowHours: 72,
    timeoutMs: 2_000,
    ...overrides,
  });
}

/** Verifies one hash and returns the verdict with the paths of the HTTP calls it made. */
async function verify(txHash: string, expectedAmount = "49", p = provider(), submittedAt = new Date()) {
  const before = fake.calls.length;
  const result = await p.verify({ txHash, expectedAmount, submittedAt });
  return { result, paths: fake.calls.slice(before).map((c) => c.path) };
}

function expectStatus<S extends TVerification["status"]>(r: TVerification, status: S): Extract<TVerification, { status: S }> {
  expect(r, JSON.stringify(r)).toMatchObject({ status });
  return r as Extract<TVerification, { status: S }>;
}

describe("TRC-20 provider: confirmed", () => {
  it("confirms a solidified USDT transfer of exactly the price with one call", async () => {
    const timestamp = Date.now() - 60_000;
    const txid = fake.addTransfer({ amountUsdt: "49", timestamp });
    const { result, paths } = await verify(txid);
    const ok = expectStatus(result, "confirmed");
    expect(ok.paidAmount).toBe("49");
    expect(ok.paidAt.getTime()).toBe(timestamp);
    expect(ok.details).toMatchObject({ txHash: txid, to: FAKE_RECEIVING_ADDRESS, from: FAKE_SENDER_ADDRESS, contract: USDT_CONTRACT, logIndexes: [0] });
    expect(ok.details.overpaidBy).toBeUndefined();
    expect(paths).toEqual([SOLID_INFO]);
    expect(fake.calls.at(-1)).toMatchObject({ method: "POST", body: { value: txid } });
  });

  it("accepts and records an overpayment", async () => {
    const ok = expectStatus((await verify(fake.addTransfer({ amountUsdt: "50.5" }))).result, "confirmed");
    expect(ok.paidAmount).toBe("50.5");
    expect(ok.details).toMatchObject({ overpaidBy: "1.5", expectedAmount: "49", paidBaseUnits: "50500000" });
  });

  it("sums every USDT transfer to us in the transaction and ignores other tokens and recipients", async () => {
    const txid = fake.addTransfer({
      amountUsdt: "30",
      alsoTransfers: [
        { amountUsdt: "1000", contract: LOOKALIKE_USDT_CONTRACT },
        { amountUsdt: "500", to: FAKE_OTHER_RECIPIENT },
        { amountUsdt: "19" },
      ],
    });
    const ok = expectStatus((await verify(txid)).result, "confirmed");
    expect(ok.paidAmount).toBe("49");
    expect(ok.details.logIndexes).toEqual([0, 3]);
  });

  it("takes an upper-case hash and answers with `visible: true` (base58 log addresses)", async () => {
    const txid = fake.addTransfer({ amountUsdt: "49" });
    const visibleFetch: typeof fetch = (url, init) =>
      fetch(url, { ...init, body: JSON.stringify({ ...(JSON.parse(init!.body as string) as object), visible: true }) });
    const p = provider({ fetch: visibleFetch });
    expectStatus((await verify(txid.toUpperCase(), "49", p)).result, "confirmed");
    expect(fake.calls.at(-1)?.body).toMatchObject({ value: txid, visible: true });
    const wrong = expectStatus((await verify(fake.addWrongToken({ amountUsdt: "49" }), "49", p)).result, "rejected");
    expect(wrong.reason).toContain(LOOKALIKE_USDT_CONTRACT);
  });
});

describe("TRC-20 provider: rejected", () => {
  it.each(["REVERT", "OUT_OF_ENERGY"] as const)("rejects a failed execution (%s), which has no log", async (result) => {
    const rejected = expectStatus((await verify(fake.addReverted({ amountUsdt: "49", result }))).result, "rejected");
    expect(rejected.reason).toBe(`transaction failed (${result})`);
    expect(rejected.details?.message).toMatch(/REVERT|energy/);
  });

  it("rejects a look-alike token by its contract address", async () => {
    const { result, paths } = await verify(fake.addWrongToken({ amountUsdt: "49" }));
    expect(expectStatus(result, "rejected").reason).toBe(`wrong token: contract ${LOOKALIKE_USDT_CONTRACT} is not USDT (${USDT_CONTRACT})`);
    expect(paths).toEqual([SOLID_INFO]);
  });

  it("rejects USDT sent to someone else", async () => {
    const { reason } = expectStatus((await verify(fake.addWrongRecipient({ amountUsdt: "49" }))).result, "rejected");
    expect(reason).toBe(`wrong recipient: the USDT went to ${FAKE_OTHER_RECIPIENT}, not to ${FAKE_RECEIVING_ADDRESS}`);
  });

  it("rejects an underpayment of one base unit, naming the shortfall", async () => {
    const { reason, details } = expectStatus((await verify(fake.addUnderpaid({ priceUsdt: "49" }))).result, "rejected");
    expect(reason).toBe("underpaid by 0.000001 USDT (paid 48.999999, plan costs 49)");
    expect(details).toMatchObject({ paidAmount: "48.999999", expectedAmount: "49" });
  });

  it("rejects a transfer sent more than the window before submission, and accepts one at the edge", async () => {
    const submittedAt = new Date();
    const old = fake.addOld({ amountUsdt: "49", hoursAgo: 73 });
    const { reason } = expectStatus((await verify(old, "49", provider(), submittedAt)).result, "rejected");
    expect(reason).toMatch(/^too old: sent \d{4}-\d\d-\d\d \d\d:\d\d UTC, more than 72 h before it was submitted$/);
    const edge = fake.addTransfer({ amountUsdt: "49", timestamp: submittedAt.getTime() - 72 * 3_600_000 });
    expectStatus((await verify(edge, "49", provider(), submittedAt)).result, "confirmed");
  });

  it("rejects a plain TRX transfer and a malformed hash (the latter without any call)", async () => {
    const trx = expectStatus((await verify(fake.addTrxTransfer({ amountSun: 49_000_000 }))).result, "rejected");
    expect(trx.reason).toMatch(/^not a USDT transfer/);
    const { result, paths } = await verify("abc123");
    expect(expectStatus(result, "rejected").reason).toMatch(/^malformed transaction hash/);
    expect(paths).toEqual([]);
  });
});

describe("TRC-20 provider: pending", () => {
  it("reports an unknown hash as not found yet, in two calls", async () => {
    const { result, paths } = await verify("ab".repeat(32));
    expect(expectStatus(result, "pending").reason).toBe("not found on the chain yet");
    expect(paths).toEqual([SOLID_INFO, FULL_INFO]);
  });

  it("waits for confirmations, then confirms once solidified", async () => {
    const txid = fake.addTransfer({ amountUsdt: "49", solidified: false });
    const first = await verify(txid);
    expect(expectStatus(first.result, "pending").reason).toMatch(/^waiting for confirmations: in block \d+, not solidified yet$/);
    expect(first.paths).toEqual([SOLID_INFO, FULL_INFO]);
    fake.solidify(txid);
    const second = await verify(txid);
    expectStatus(second.result, "confirmed");
    expect(second.paths).toEqual([SOLID_INFO]);
  });

  it("does not decide on an unsolidified receipt even when it looks wrong, but says so", async () => {
    const { result } = await verify(fake.addWrongRecipient({ amountUsdt: "49", solidified: false }));
    expect(expectStatus(result, "pending").reason).toMatch(/^waiting for confirmations: .*so far it looks wrong: wrong recipient/);
  });

  it("counts head − block when more than 19 confirmations are required (a third call, only then)", async () => {
    const p = provider({ minConfirmations: 25 });
    const txid = fake.addTransfer({ amountUsdt: "49" });
    const first = await verify(txid, "49", p);
    expect(expectStatus(first.result, "pending").reason).toBe(`waiting for confirmations: ${SOLIDIFIED_DEPTH + 1} of 25`);
    expect(first.paths).toEqual([SOLID_INFO, "/wallet/getnowblock"]);
    fake.setHeadBlock(fake.headBlock + 5);
    const ok = expectStatus((await verify(txid, "49", p)).result, "confirmed");
    expect(ok.details.confirmations).toBe(25);
    // A solidified rejection is final whatever the depth: no head lookup.
    expect((await verify(fake.addWrongToken({ amountUsdt: "49" }), "49", p)).paths).toEqual([SOLID_INFO]);
  });
});

describe("TRC-20 provider: TronGrid trouble never throws", () => {
  it.each([429, 403, 503] as const)("HTTP %i → pending, no retry", async (status) => {
    const txid = fake.addTransfer({ amountUsdt: "49" });
    fake.failNext(1, status);
    const { result, paths } = await verify(txid);
    expect(expectStatus(result, "pending").reason).toMatch(new RegExp(`^TronGrid unavailable: HTTP ${status}`));
    expect(paths).toEqual([SOLID_INFO]);
    expectStatus((await verify(txid)).result, "confirmed");
  });

  it("a failure on the second call is pending too", async () => {
    // The solidity node answers `{}` (not there yet); the FullNode's proxy then fails.
    const failing: typeof fetch = async (url, init) =>
      (url as string).endsWith(FULL_INFO) ? new Response("busy", { status: 502 }) : fetch(url, init);
    const { result, paths } = await verify("cd".repeat(32), "49", provider({ fetch: failing }));
    expect(expectStatus(result, "pending").reason).toBe("TronGrid unavailable: HTTP 502 on /wallet/gettransactioninfobyid");
    expect(paths).toEqual([SOLID_INFO]);
  });

  it("a server that is down, or too slow, is pending", async () => {
    const txid = fake.addTransfer({ amountUsdt: "49" });
    fake.goDown();
    const down = expectStatus((await verify(txid)).result, "pending").reason;
    expect(down).toMatch(/^TronGrid unavailable: /);
    expect(down).not.toMatch(/no answer/); // a refused connection fails fast, it does not wait for the timeout
    fake.comeBack();
    fake.setLatency(300);
    const slow = await verify(txid, "49", provider({ timeoutMs: 50 }));
    expect(expectStatus(slow.result, "pending").reason).toMatch(/^TronGrid unavailable: no answer within 50 ms/);
    fake.setLatency(0);
    expectStatus((await verify(txid)).result, "confirmed");
  });

  it("an answer that is not TronGrid's JSON is pending", async () => {
    const answers = [new Response("<html>bad gateway</html>"), Response.json({ Error: "class org.tron.core.exception.X" }), Response.json([1])];
    for (const answer of answers) {
      const { result } = await verify("ef".repeat(32), "49", provider({ fetch: async () => answer }));
      expect(expectStatus(result, "pending").reason).toMatch(/^TronGrid unavailable: /);
    }
  });
});

describe("TRC-20 provider: API key", () => {
  it("sends TRON-PRO-API-KEY on every call when configured, and not otherwise", async () => {
    await verify("12".repeat(32), "49", provider({ apiKey: "test-key-123" }));
    expect(fake.calls.map((c) => c.headers["tron-pro-api-key"])).toEqual(["test-key-123", "test-key-123"]);
    fake.calls.length = 0;
    await verify("12".repeat(32));
    expect(fake.calls.every((c) => !("tron-pro-api-key" in c.headers))).toBe(true);
  });
});

describe("TRC-20 provider: amounts are exact", () => {
  it("49.000001 paid for a price of \"49\" is an overpayment of one base unit", async () => {
    const ok = expectStatus((await verify(fake.addTransfer({ amountUsdt: "49.000001" }))).result, "confirmed");
    expect(ok.paidAmount).toBe("49.000001");
    expect(ok.details.overpaidBy).toBe("0.000001");
  });

  it("a fractional price: 49.5 exactly passes, 49.499999 does not", async () => {
    expectStatus((await verify(fake.addTransfer({ amountUsdt: "49.5" }), "49.5")).result, "confirmed");
    const { reason } = expectStatus((await verify(fake.addTransfer({ amountUsdt: "49.499999" }), "49.5")).result, "rejected");
    expect(reason).toBe("underpaid by 0.000001 USDT (paid 49.499999, plan costs 49.5)");
  });

  it("huge values stay exact (uint256 max, prices beyond 2^53 base units)", async () => {
    const max = 2n ** 256n - 1n;
    const ok = expectStatus((await verify(fake.addTransfer({ amountBaseUnits: max }))).result, "confirmed");
    expect(ok.details.paidBaseUnits).toBe(max.toString());
    expect(ok.paidAmount).toBe(formatUsdt(max));
    const price = "12345678901234.000001";
    expectStatus((await verify(fake.addTransfer({ amountUsdt: price }), price)).result, "confirmed");
    const short = fake.addTransfer({ amountBaseUnits: usdtToBaseUnits(price) - 1n });
    expect(expectStatus((await verify(short, price)).result, "rejected").reason).toBe(
      "underpaid by 0.000001 USDT (paid 12345678901234, plan costs 12345678901234.000001)",
    );
  });

  it("converts decimal strings without floats and refuses what it cannot represent", async () => {
    expect(usdtToBaseUnits("49")).toBe(49_000_000n);
    expect(usdtToBaseUnits("0.1")).toBe(100_000n);
    expect(usdtToBaseUnits("49.000001")).toBe(49_000_001n);
    expect(formatUsdt(0n)).toBe("0");
    expect(formatUsdt(100_000n)).toBe("0.1");
    for (const bad of ["49.0000001", "-1", "1e3", "", "49.", ".5", "4 9"]) {
      expect(() => usdtToBaseUnits(bad), bad).toThrow(/not a USDT amount/);
    }
    const before = fake.calls.length;
    const payment = { txHash: "34".repeat(32), expectedAmount: "49.0000001", submittedAt: new Date() };
    await expect(provider().verify(payment)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(fake.calls.length).toBe(before);
  });

  it("refuses a configuration with an invalid address", () => {
    expect(() => provider({ receivingAddress: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u" })).toThrow(/receivingAddress/);
    expect(() => provider({ usdtContract: "not-an-address" })).toThrow(/usdtContract/);
  });
});

describe("fake TronGrid shapes", () => {
  it("serves the transaction body, both heads and decoded events", async () => {
    const txid = fake.addTransfer({ amountUsdt: "49", solidified: false });
    const post = (path: string, body: object = {}) => fetch(fake.apiUrl + path, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());
    const tx = await post("/wallet/gettransactionbyid", { value: txid });
    expect(tx.ret[0].contractRet).toBe("SUCCESS");
    expect(tx.raw_data.contract[0].type).toBe("TriggerSmartContract");
    expect(tx.raw_data.contract[0].parameter.value.data).toMatch(/^a9059cbb/);
    expect(await post("/walletsolidity/gettransactionbyid", { value: txid })).toEqual({});
    const head = await post("/wallet/getnowblock");
    const solid = await post("/walletsolidity/getnowblock");
    expect(head.block_header.raw_data.number - solid.block_header.raw_data.number).toBe(SOLIDIFIED_DEPTH);
    const events = await fetch(`${fake.apiUrl}/v1/transactions/${txid}/events`).then((r) => r.json());
    expect(events.data[0]).toMatchObject({ event_name: "Transfer", contract_address: USDT_CONTRACT, result: { value: "49000000" } });
    const confirmedOnly = await fetch(`${fake.apiUrl}/v1/transactions/${txid}/events?only_confirmed=true`).then((r) => r.json());
    expect(confirmedOnly.data).toEqual([]);
  });
});
