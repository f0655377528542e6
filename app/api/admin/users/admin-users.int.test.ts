// GET /api/admin/users (seed row 4.2): the users list under the path the runbook names — the same
// service as GET /api/users; the plan filter is the effective plan.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { GET } from "./route";

const list = (token: string | undefined, query = "") => call(GET, { token, path: `/api/admin/users${query}` });

/** Five users sharing a search tag, newest first in this order: vip, vipExpired, premium, trial, admin. */
async function seedTagged() {
  const tag = `a${uniq()}`;
  const specs = [
    ["vip", { plan: "VIP" }],
    ["vipexpired", { plan: "VIP", planExpiresAt: new Date(Date.now() - 60_000) }],
    ["premium", { plan: "PREMIUM" }],
    ["trial", {}],
    ["admin", { role: "ADMIN" }],
  ] as const;
  const ids: Record<string, number> = {};
  let i = 0;
  for (const [name, overrides] of specs) {
    const { user } = await createUser(overrides);
    i += 1;
    await db().user.update({ where: { id: user.id }, data: { username: `${tag}_${name}`, createdAt: new Date(Date.now() - i * 60_000) } });
    ids[name] = user.id;
  }
  return { tag, ids };
}

const idsOf = (body: { users: { id: number }[] }) => body.users.map((u) => u.id);

describe("GET /api/admin/users", () => {
  it("searches, filters by effective plan and role, and pages, newest first", async () => {
    const { token } = await createAdmin();
    const { tag, ids } = await seedTagged();
    const all = await list(token, `?q=${tag.toUpperCase()}`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, per_page: 20, total: 5 });
    expect(idsOf(all.body)).toEqual([ids.vip, ids.vipexpired, ids.premium, ids.trial, ids.admin]);

    // An expired VIP the sweep has not reset yet is TRIAL already.
    expect(idsOf((await list(token, `?q=${tag}&plan=VIP`)).body)).toEqual([ids.vip]);
    expect(idsOf((await list(token, `?q=${tag}&plan=TRIAL`)).body)).toEqual([ids.vipexpired, ids.trial, ids.admin]);
    expect(idsOf((await list(token, `?q=${tag}&plan=TRIAL&role=USER`)).body)).toEqual([ids.vipexpired, ids.trial]);
    expect(idsOf((await list(token, `?q=${tag}&plan=PREMIUM`)).body)).toEqual([ids.premium]);
    expect(idsOf((await list(token, `?q=${tag}&role=ADMIN`)).body)).toEqual([ids.admin]);

    const page2 = await list(token, `?q=${tag}&per_page=2&page=2`);
    expect(page2.body).toMatchObject({ page: 2, per_page: 2, total: 5 });
    expect(idsOf(page2.body)).toEqual([ids.premium, ids.trial]);
    expect(page2.body.users[0]).not.toHaveProperty("password_hash");
    expect(page2.body.users[0]).not.toHaveProperty("passwordHash");
  });

  it("finds a user by part of the email or the username in any case, follows a renamed user, and takes % and _ as themselves", async () => {
    const { token } = await createAdmin();
    const tag = uniq();
    const { user } = await createUser();
    await db().user.update({ where: { id: user.id }, data: { username: `Mixed_Case${tag}`, email: `owner.${tag}@example.test` } });
    const found = async (q: string) => idsOf((await list(token, `?q=${encodeURIComponent(q)}`)).body);
    expect(await found(`mIXED_case${tag}`)).toEqual([user.id]); // the username, whatever the case
    expect(await found(`OWNER.${tag}@`)).toEqual([user.id]); // the email
    expect(await found(`Mixed%Case${tag}`)).toEqual([]); // % is a character, not a wildcard
    expect(await found(`Mixed_Cas_${tag}`)).toEqual([]); // nor is _
    expect(await found(`example.test\nmixed`)).toEqual([]); // not across the end of the email
    // The searched text is the row's own: a rename is found under the new name at once.
    await db().user.update({ where: { id: user.id }, data: { username: `Renamed${tag}` } });
    expect(await found(`renamed${tag}`)).toEqual([user.id]);
    expect(await found(`mixed_case${tag}`)).toEqual([]);
  });

  it("answers 401 without a token and 403 {error, message} to a non-admin", async () => {
    expectError(await list(undefined), 401);
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await list(token), 403, "forbidden");
  });

  it.each([
    ["page=0", "page"],
    ["page=x", "page"],
    ["per_page=101", "per_page"],
    ["per_page=1.5", "per_page"],
    ["plan=GOLD", "plan"],
    ["role=OWNER", "role"],
    [`q=${"x".repeat(101)}`, "q"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const { token } = await createAdmin();
    expect(expectError(await list(token, `?${query}`), 400, "invalid_input").field).toBe(field);
  });
});
