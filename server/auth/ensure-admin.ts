// At start: the admin from ADMIN_EMAIL/ADMIN_PASSWORD exists (and is ADMIN); with neither set and
// no admin at all, one is generated, printed once and kept in .data/ for the local operator.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { env } from "../env";
import { toAppError } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { revokeAllSessions } from "./refresh-token";

export type TEnsureAdminResult =
  | { kind: "configured"; email: string }
  | { kind: "existing"; email: string }
  | { kind: "generated"; email: string; password: string; file: string };

export async function ensureAdmin(): Promise<TEnsureAdminResult> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_EMAIL && ADMIN_PASSWORD) {
    const email = ADMIN_EMAIL.toLowerCase();
    const current = await db().user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    if (!current) {
      const passwordHash = await hashPassword(ADMIN_PASSWORD);
      // An upsert: two processes starting at once both end with the one admin.
      const data = { email, username: await freeUsername("admin"), passwordHash, role: "ADMIN" as const };
      await db().user.upsert({ where: { email }, create: data, update: {} });
      return { kind: "configured", email };
    }
    // A new ADMIN_PASSWORD is a password change: every session signed in under the old one ends.
    const changed = !(await verifyPassword(current.passwordHash, ADMIN_PASSWORD));
    const passwordHash = changed ? await hashPassword(ADMIN_PASSWORD) : undefined;
    await db().$transaction(async (tx) => {
      await tx.user.update({ where: { id: current.id }, data: { role: "ADMIN", isActive: true, passwordHash } });
      if (changed) await revokeAllSessions(tx, current.id);
    });
    return { kind: "configured", email };
  }
  const existing = await db().user.findFirst({ where: { role: "ADMIN" }, select: { email: true }, orderBy: { id: "asc" } });
  if (existing) return { kind: "existing", email: existing.email };

  const email = "admin@verzek.local";
  const password = randomBytes(12).toString("base64url");
  try {
    await db().user.create({
      data: { email, username: await freeUsername("admin"), passwordHash: await hashPassword(password), role: "ADMIN" },
    });
  } catch (err) {
    // Two processes starting on a fresh database: the other one created the admin first.
    if (toAppError(err).code !== "CONFLICT") throw err;
    const created = await db().user.findFirst({ where: { role: "ADMIN" }, select: { email: true }, orderBy: { id: "asc" } });
    if (!created) throw new Error(`${email} exists but is not an admin: set ADMIN_EMAIL and ADMIN_PASSWORD to choose the admin`);
    return { kind: "existing", email: created.email };
  }
  const dataDir = path.resolve(env().DATA_DIR);
  const file = path.join(dataDir, "admin-login.txt");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
  return { kind: "generated", email, password, file };
}

async function freeUsername(base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}${i}`;
    const taken = await db().user.findFirst({ where: { username: { equals: name, mode: "insensitive" } }, select: { id: true } });
    if (!taken) return name;
  }
}
