// Integration tests run against a real PostgreSQL: on DATABASE_URL's server, a migrated template
// database from which every test file gets its own copy (test/setup/database-per-file.ts), so
// files running in parallel never see each other's rows (the outbox, the feed and the jobs are
// global); or an in-memory PGlite when DATABASE_URL is unset (files then run one by one).
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDb } from "../../server/db/embedded";
import { migrate } from "../../server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databasePoolMax: string;
    /** Server mode only: the migrated template each test file copies. */
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDb();
    await migrate(embedded.url);
    project.provide("databaseUrl", embedded.url);
    project.provide("databasePoolMax", "1");
    project.provide("databaseTemplate", "");
    console.log("integration tests: embedded PostgreSQL (PGlite, in memory)");
    return () => embedded.stop();
  }

  const name = `verzek_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const prefix = name;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  project.provide("databaseUrl", url.toString());
  project.provide("databasePoolMax", "5");
  project.provide("databaseTemplate", name);
  console.log(`integration tests: PostgreSQL, a copy of ${name} per test file, on ${url.host}`);

  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    // The template and any copy a crashed worker left behind.
    const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
    for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await cleanup.end();
  };
}
