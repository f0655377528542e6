// `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the committed schema (HEAD) to the working prisma/schema.prisma. Prisma's
// bundled WASM engine computes the diff; it needs a reachable PostgreSQL in DATABASE_URL (the
// local server, or the one `npm run dev` prints) but changes nothing in it.
/* eslint-disable no-restricted-properties -- a developer tool, run by hand */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error("set DATABASE_URL to a reachable PostgreSQL (nothing is written to it)");
  process.exit(2);
}

const previous = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "verzek-schema-")), "schema.prisma");
let from: string[];
try {
  fs.writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" }));
  from = ["--from-schema-datamodel", previous];
} catch {
  from = ["--from-empty"];
}
const sql = execFileSync(
  path.resolve("node_modules/.bin/prisma"),
  ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8" },
);
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("No schema changes.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql — review it, then commit it with the schema change.`);
