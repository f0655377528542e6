// Server mode: this test file gets its own copy of the migrated template database, dropped when
// the file is done. (PGlite mode: one in-memory database, files run one at a time.)
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "../../server/db/client";

const template = inject("databaseTemplate");
if (template) {
  const templateUrl = new URL(inject("databaseUrl"));
  const name = `${template}_f${randomBytes(4).toString("hex")}`;
  const admin = () => {
    const u = new URL(templateUrl);
    u.pathname = "/postgres";
    return new pg.Client({ connectionString: u.toString() });
  };
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await c.end();
  const own = new URL(templateUrl);
  own.pathname = `/${name}`;
  process.env.DATABASE_URL = own.toString();

  afterAll(async () => {
    await disconnectDb();
    const d = admin();
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  });
}
