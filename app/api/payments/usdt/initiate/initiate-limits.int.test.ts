// Issue 15.3: anonymous payment submissions can neither lock an owner out of paying nor tell
// whether an email has an account. Anonymous submissions are limited per address and per email
// (known or not); the signed-in owner has a quota of their own; a known and an unknown email get
// the same answer, and a taken hash is a 409 for both.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { installPeerStamp, PEER_HEADER } from "@/server/http/client-ip";
import { setEventDispatcher } from "@/server/jobs/events";
import { checkPayment } from "@/server/payments/check-payment";
import { ANON_SUBMISSIONS_PER_EMAIL, ANON_SUBMISSIONS_PER_IP } from "@/server/payments/initiate-payment";
import { createCallerFactory, createTrpcContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { call, expectError, type TResult } from "@/test/helpers/http";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { anonymousSubmitter, configurePayments, confirmedVerdict, recordJobEvents, scriptedProvider, snapshotOf, txHash } from "@/test/helpers/payments";
import { GET as paymentRoute } from "../../[id]/route";
import { POST as verifyRoute } from "../verify/route";
import { POST as initiateRoute } from "./route";

beforeAll(() => {
  configurePayments();
  installPeerStamp();
});
beforeEach(() => void recordJobEvents());
afterEach(() => setEventDispatcher(undefined));

const freshIp = () => anonymousSubmitter().ip;
const body = (email: string, tx_hash = txHash()) => ({ email, plan: "VIP", tx_hash, network: "TRC20" });
const initiate = (payload: unknown, options: { ip?: string; token?: string } = {}) =>
  call(initiateRoute, { method: "POST", path: "/api/payments/usdt/initiate", body: payload, token: options.token, headers: { [PEER_HEADER]: options.ip ?? freshIp() } });
const getPayment = (id: string, token?: string) => call(paymentRoute, { path: `/api/payments/${id}`, params: { id }, token });
const unknownEmail = () => `nobody_${uniq()}@example.test`;

/** The shape of an answer, its keys at every depth: what a caller can tell two answers apart by, besides values. */
function shapeOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value === null ? "null" : typeof value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
}

describe("strangers cannot lock the owner out", () => {
  it("5 made-up hashes for a victim's email from several addresses: the owner, signed in, still submits (201)", async () => {
    const victim = await createUser();
    for (let i = 0; i < 5; i++) expect((await initiate(body(victim.user.email), { ip: `198.51.100.${10 + i}` })).status).toBe(201);

    const own = await initiate(body(victim.user.email), { token: victim.token, ip: "203.0.113.7" });
    expect(own.status).toBe(201);
    expect(await db().payment.findUniqueOrThrow({ where: { id: own.body.payment.id } })).toMatchObject({ userId: victim.user.id, submittedEmail: null });
    // The owner's quota is theirs: five more of their own go through, the sixth waits.
    for (let i = 0; i < 4; i++) expect((await initiate(body(victim.user.email), { token: victim.token })).status).toBe(201);
    expectError(await initiate(body(victim.user.email), { token: victim.token }), 429, "rate_limited");
  });

  it("per email, known or not: the sixth anonymous submission within the hour is 429 from any address", async () => {
    for (const email of [(await createUser()).user.email, unknownEmail()]) {
      for (let i = 0; i < ANON_SUBMISSIONS_PER_EMAIL; i++) expect((await initiate(body(email))).status).toBe(201);
      const res = await initiate(body(email));
      expect(expectError(res, 429, "rate_limited").message).toMatch(/try again in \d+ s/);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("per address: past the limit an address gets 429 with Retry-After, whatever the email; other addresses and the signed-in owner are unaffected", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < ANON_SUBMISSIONS_PER_IP; i++) expect((await initiate(body(unknownEmail()), { ip })).status).toBe(201);
    const known = await createUser();
    const before = await snapshotOf(known.user.id);
    const res = await initiate(body(known.user.email), { ip });
    const err = expectError(res, 429, "rate_limited");
    expect(Object.keys(res.body).sort()).toEqual(["error", "message"]);
    expect(err.message).toMatch(/try again/);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    expect(await snapshotOf(known.user.id)).toEqual(before);

    expect((await initiate(body(known.user.email), { ip: "192.0.2.78" })).status).toBe(201);
    expect((await initiate(body(known.user.email), { ip, token: known.token })).status).toBe(201);
  });

  it("a forged X-Forwarded-For buys no extra submissions", async () => {
    const ip = "192.0.2.90";
    const statuses: number[] = [];
    for (let i = 0; i <= ANON_SUBMISSIONS_PER_IP; i++) {
      const res = await call(initiateRoute, { method: "POST", body: body(unknownEmail()), headers: { [PEER_HEADER]: ip, "x-forwarded-for": `198.18.0.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, ANON_SUBMISSIONS_PER_IP).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("signed in, the email must be the account's own (400); a bad token is 401, never a silent anonymous submission", async () => {
    const a = await createUser();
    const b = await createUser();
    const before = await snapshotOf(b.user.id);
    expect(expectError(await initiate(body(b.user.email), { token: a.token }), 400, "invalid_input").field).toBe("email");
    expectError(await initiate(body(b.user.email), { token: "forged.token.value" }), 401);
    expect(await snapshotOf(b.user.id)).toEqual(before);
  });
});

describe("a known and an unknown email answer alike", () => {
  it("same status, same body keys at every depth, same values but the payment's own", async () => {
    const known = await createUser();
    const [a, b] = [await initiate(body(known.user.email)), await initiate(body(unknownEmail()))];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(shapeOf(b.body)).toEqual(shapeOf(a.body));
    const ownFields = (r: TResult) => ({ ...r.body, payment: { ...r.body.payment, id: "", tx_hash: "", created_at: "" } });
    expect(ownFields(b)).toEqual(ownFields(a));
    expect(Object.keys(a.body.payment)).not.toContain("email");

    // The anonymous status view the page polls: alike too.
    const [sa, sb] = [await getPayment(a.body.payment.id), await getPayment(b.body.payment.id)];
    expect([sa.status, sb.status]).toEqual([200, 200]);
    expect(shapeOf(sb.body)).toEqual(shapeOf(sa.body));
    expect(sb.body).toMatchObject({ status: "PENDING", reason: null });
    // The real owner still gets the full view of theirs; nobody signed in gets the other.
    expect((await getPayment(a.body.payment.id, known.token)).body).toMatchObject({ user_id: known.user.id, email: known.user.email });
    expectError(await getPayment(b.body.payment.id, known.token), 403, "forbidden");
  });

  it("a taken hash is 409 for a known and an unknown email, decided before any account is looked up", async () => {
    const known = await createUser();
    for (const first of [known.user.email, unknownEmail()]) {
      const hash = txHash();
      expect((await initiate(body(first, hash))).status).toBe(201);
      const [x, y] = [await initiate(body(known.user.email, hash)), await initiate(body(unknownEmail(), hash))];
      expect(expectError(x, 409, "conflict")).toEqual(expectError(y, 409, "conflict"));
      expect(x.body.field).toBe("tx_hash");
    }
  });

  it("an unknown email's payment is checked like any other but never activates anything, not even by an admin", async () => {
    const email = unknownEmail();
    const res = await initiate(body(email));
    const id = res.body.payment.id as string;
    const row = await db().payment.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: null, submittedEmail: email, status: "PENDING" });

    const provider = scriptedProvider();
    provider.set(row.txHash, confirmedVerdict("49"));
    expect(await checkPayment(id, { provider })).toBe("needs_review");
    expect((await db().payment.findUniqueOrThrow({ where: { id } })).reason).toMatch(/^Needs review: no invoice matches/);
    const admin = await createAdmin();
    const refused = expectError(await call(verifyRoute, { method: "POST", token: admin.token, body: { tx_hash: row.txHash } }), 409, "conflict");
    expect(refused.message).toMatch(/no account/);
    expect((await db().payment.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    // An account registered later with that email does not inherit it.
    expect(await db().user.count({ where: { email } })).toBe(0);
  });
});

describe("tRPC payments.initiate", () => {
  const createCaller = createCallerFactory(appRouter);

  it("shares the rules: the dashboard-signed-in owner has their own quota, an anonymous caller the per-address one", async () => {
    const victim = await createUser();
    for (let i = 0; i < 5; i++) expect((await initiate(body(victim.user.email))).status).toBe(201);
    const owner = createCaller(await createTrpcContext({ authorization: `Bearer ${victim.token}`, ip: freshIp() }));
    expect(await owner.payments.initiate(body(victim.user.email))).toMatchObject({ status: "PENDING" });

    const ip = "192.0.2.99";
    const anonymous = createCaller(await createTrpcContext({ authorization: null, ip }));
    for (let i = 0; i < ANON_SUBMISSIONS_PER_IP; i++) await anonymous.payments.initiate(body(unknownEmail()));
    await expect(anonymous.payments.initiate(body(unknownEmail()))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
