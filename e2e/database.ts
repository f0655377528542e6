// The e2e run's own PostgreSQL database (E2E_DATABASE_URL names the server): created empty for the
// run, so the server's startup migrates it and seeds the admin as on a new install, and dropped when
// the runner exits. Playwright's config is evaluated synchronously, so each statement runs in a
// short node-postgres child process.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

function runSql(serverUrl: string, sql: string): void {
  const script = `const pg = require("pg");
const c = new pg.Client({ connectionString: process.argv[1] });
c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
  execFileSync(process.execPath, ["-e", script, serverUrl, sql], { stdio: ["ignore", "inherit", "inherit"] });
}

/** Creates `verzek_e2e_<time>_<random>` on the server and answers its URL. */
export function createRunDatabase(serverUrl: string): { url: string; name: string } {
  const name = `verzek_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  runSql(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

/** FORCE: a connection the stopped server left behind must not keep the database alive. */
export function dropRunDatabase(serverUrl: string, name: string): void {
  runSql(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
