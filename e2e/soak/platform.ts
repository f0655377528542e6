// The platform as a newcomer starts it: `npm run dev` or `npm start` from the repo root, no
// DATABASE_URL (so the launcher runs the embedded PGlite), a fresh DATA_DIR in a temp folder (never
// the developer's .data/) and a free port. Its output goes to a log file; the admin login it prints
// is read back and checked against the copy it keeps in DATA_DIR/admin-login.txt.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../server/db/embedded";

export type TMode = "dev" | "start";

export type TPlatform = {
  base: string;
  admin: { email: string; password: string };
  logFile: string;
  /** The server log lines that mention this text (a 500's request_id), for the failure report. */
  logLinesWith: (text: string) => string[];
  stop: () => Promise<void>;
};

// Configuration a developer's shell may carry that a newcomer would not have: dropped so the
// launcher takes the README's path (embedded database, generated secrets and admin).
const NOT_A_NEWCOMERS = [
  "DATABASE_URL", "DATABASE_POOL_MAX", "DATA_DIR", "PORT", "NODE_ENV", "JWT_SECRET", "SECRETS_KEY", "AUTH_SECRET",
  "ADMIN_EMAIL", "ADMIN_PASSWORD", "MOBILE_API_KEY", "CORS_ORIGINS", "TELEGRAM_BOT_TOKEN", "INNGEST_DEV",
  "INNGEST_BASE_URL", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "ENABLE_LIVE_TRADING", "EXCHANGE_MODE",
];


export async function startPlatform(mode: TMode, dataDir: string, extraEnv: Record<string, string>): Promise<TPlatform> {
  const port = await freePort();
  // localhost, as the README says: `next dev` serves its client scripts to other origins (127.0.0.1
  // included) only when allowedDevOrigins lists them, and the dashboard would never hydrate.
  const base = `http://localhost:${port}`;
  const logFile = path.join(dataDir, `server-${mode}.log`);
  const log = fs.openSync(logFile, "a");
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_A_NEWCOMERS) delete env[name]; // NODE_ENV too: `next dev` and `next start` set their own
  Object.assign(env, { PORT: String(port), DATA_DIR: dataDir }, extraEnv);

  // Its own process group, so that stopping it reaches npm, the launcher and Next together.
  const child = spawn("npm", mode === "dev" ? ["run", "dev"] : ["start"], { env, stdio: ["ignore", log, log], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => stopGroup(child, exited);
  try {
    await waitUntilAnswering(base, exited, logFile);
    const admin = readAdminLogin(logFile, dataDir);
    const logLinesWith = (text: string) => fs.readFileSync(logFile, "utf8").split("\n").filter((l) => l.includes(text));
    return { base, admin, logFile, logLinesWith, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    fs.closeSync(log);
  }
}

async function waitUntilAnswering(base: string, exited: Promise<number | null>, logFile: string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 300_000; // a cold `next dev` compiles on first request; `npm start` may build
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the platform exited before answering; its log:\n${tail(logFile, 40)}`);
    try {
      const res = await fetch(`${base}/api/ping`, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }
  throw new Error(`the platform did not answer /api/ping within 5 minutes; its log:\n${tail(logFile, 40)}`);
}

/** The login printed on the first start, which must match the copy kept in DATA_DIR. */
function readAdminLogin(logFile: string, dataDir: string): { email: string; password: string } {
  const printed = fs.readFileSync(logFile, "utf8");
  const email = /^\s*email:\s+(\S+)$/m.exec(printed)?.[1];
  const password = /^\s*password:\s+(\S+)$/m.exec(printed)?.[1];
  if (!email || !password) throw new Error(`no admin login printed at start; the log:\n${tail(logFile, 40)}`);
  const kept = fs.readFileSync(path.join(dataDir, "admin-login.txt"), "utf8");
  if (!kept.includes(`email: ${email}`) || !kept.includes(`password: ${password}`)) {
    throw new Error("the printed admin login differs from DATA_DIR/admin-login.txt");
  }
  return { email, password };
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  try {
    process.kill(group, "SIGTERM"); // the launcher stops Next, then closes PGlite
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 20_000;
  await Promise.race([exited, sleep(20_000)]);
  // npm may exit before the launcher has closed the database: wait for the whole group.
  while (groupAlive(group) && Date.now() < deadline) await sleep(200);
  if (groupAlive(group)) process.kill(group, "SIGKILL");
}

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

export function tail(file: string, lines: number): string {
  return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
