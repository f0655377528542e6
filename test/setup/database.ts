// Integration tests run against a real PostgreSQL: a fresh database on DATABASE_URL's server
// (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDb } from "../../server/db/embedded";
import { migrate } from "../../server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databasePoolMax: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDb();
    await migrate(embedded.url);
    project.provide("databaseUrl", embedded.url);
    project.provide("databasePoolMax", "1");
    console.log("integration tests: embedded PostgreSQL (PGlite, in memory)");
    return () => embedded.stop();
  }

  const name = `verzek_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  project.provide("databaseUrl", url.toString());
  project.provide("databasePoolMax", "5");
  console.log(`integration tests: PostgreSQL database ${name} on ${url.host}`);

  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
}
