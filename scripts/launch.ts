// `npm run dev` / `npm start`: the whole platform with nothing else installed. Without
// DATABASE_URL it owns an embedded PostgreSQL (PGlite, data in .data/pglite) and local secrets
// (.data/secrets.json), then runs Next, whose instrumentation migrates, ensures the admin and
// starts the jobs. With DATABASE_URL it only runs Next against that server.
/* eslint-disable no-restricted-properties -- the launcher prepares the child's environment */
import { spawn, spawnSync } from "node:child_process";
import { appNodeOptions } from "./node-options";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDb, type TEmbeddedDb } from "../server/db/embedded";
import { DEFAULT_DATA_DIR, loadLocalSecrets } from "../server/local-secrets";

const mode = process.argv[2] === "start" ? "start" : "dev";
const port = process.env.PORT ?? "3000";
const dataDir = path.resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");

async function main(): Promise<void> {
  const childEnv: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: port, NODE_OPTIONS: appNodeOptions(process.env.NODE_OPTIONS) };
  let embedded: TEmbeddedDb | undefined;

  if (!process.env.DATABASE_URL) {
    const dir = path.join(dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
    embedded = await startEmbeddedDb(dir);
    childEnv.DATABASE_URL = embedded.url;
    childEnv.DATABASE_POOL_MAX = "1";
    childEnv.DATABASE_EMBEDDED = "1";
    // A local run: secrets come from .data/ unless given (production refuses to invent them).
    Object.assign(childEnv, { ...loadLocalSecrets(dataDir), ...pickDefined(process.env, ["JWT_SECRET", "SECRETS_KEY", "AUTH_SECRET"]) });
    console.log(`Embedded PostgreSQL (PGlite) with data in ${path.relative(process.cwd(), dir)}`);
  }

  if (mode === "start" && !fs.existsSync(path.resolve(".next", "BUILD_ID"))) {
    console.log("No production build yet: running `next build` first");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
    if (build.status !== 0) await exit(build.status ?? 1, embedded);
  }

  const host = process.env.HOST ? ["-H", process.env.HOST] : [];
  const child = spawn(process.execPath, [nextBin, mode, "-p", port, ...host], {
    stdio: "inherit",
    env: childEnv,
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => void exit(code ?? (signal ? 0 : 1), embedded));
}

function pickDefined(source: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => source[k]).map((k) => [k, source[k]!]));
}

async function exit(code: number, embedded: TEmbeddedDb | undefined): Promise<never> {
  await embedded?.stop().catch(() => undefined);
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
