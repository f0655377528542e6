// At start: the admin from ADMIN_EMAIL/ADMIN_PASSWORD exists (and is ADMIN); with neither set and
// no admin at all, one is generated, printed once and kept in .data/ for the local operator.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { env } from "../env";
import { hashPassword } from "../auth/password";

export type TEnsureAdminResult =
  | { kind: "configured"; email: string }
  | { kind: "existing"; email: string }
  | { kind: "generated"; email: string; password: string; file: string };

export async function ensureAdmin(): Promise<TEnsureAdminResult> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_EMAIL && ADMIN_PASSWORD) {
    const email = ADMIN_EMAIL.toLowerCase();
    const passwordHash = await hashPassword(ADMIN_PASSWORD);
    await db().user.upsert({
      where: { email },
      create: { email, username: await freeUsername("admin"), passwordHash, role: "ADMIN" },
      update: { role: "ADMIN", passwordHash, isActive: true },
    });
    return { kind: "configured", email };
  }
  const existing = await db().user.findFirst({ where: { role: "ADMIN" }, select: { email: true }, orderBy: { id: "asc" } });
  if (existing) return { kind: "existing", email: existing.email };

  const email = "admin@verzek.local";
  const password = randomBytes(12).toString("base64url");
  await db().user.create({
    data: { email, username: await freeUsername("admin"), passwordHash: await hashPassword(password), role: "ADMIN" },
  });
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
