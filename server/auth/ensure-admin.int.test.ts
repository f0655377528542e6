// The generated first admin on a fresh database, with several processes starting at once: one admin,
// no start that fails on the unique email. (PostgreSQL only: each file there gets its own fresh
// database; on PGlite every file shares one, where other files' admins already exist.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { resetEnvForTests } from "../env";
import { ensureAdmin } from "./ensure-admin";

const saved = { ADMIN_EMAIL: process.env.ADMIN_EMAIL, ADMIN_PASSWORD: process.env.ADMIN_PASSWORD, DATA_DIR: process.env.DATA_DIR };
afterEach(() => {
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  resetEnvForTests();
});

describe.skipIf(process.env.DATABASE_EMBEDDED === "1")("ensureAdmin on a fresh database", () => {
  it("three starts at once: one generated admin, every start succeeds", async () => {
    delete process.env.ADMIN_EMAIL;
    delete process.env.ADMIN_PASSWORD;
    process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-admin-"));
    resetEnvForTests();
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(0);
    const results = await Promise.all([ensureAdmin(), ensureAdmin(), ensureAdmin()]);
    expect(results.filter((r) => r.kind === "generated")).toHaveLength(1);
    expect(results.every((r) => r.email === "admin@verzek.local")).toBe(true);
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});
