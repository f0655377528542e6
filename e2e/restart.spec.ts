// A subscriber's account and sessions outlive a restart of the platform on its embedded
// database: register, stop the server, start it again, then log in, refresh and call /me.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";

const PORT = 3217;
const BASE = `http://127.0.0.1:${PORT}`;

function startPlatform(dataDir: string): ChildProcess {
  // Without DATABASE_URL: the embedded database is what must persist here.
  const { DATABASE_URL: _server, ...inherited } = process.env;
  const env = { ...inherited, PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  return spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/launch.ts", "start"], { env, stdio: "ignore" });
}

async function stopPlatform(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function waitUntilUp(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/api/ping`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the platform did not start within 60 s");
}

test("a subscriber's account and sessions survive a restart of the platform", async () => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-restart-"));
  const api = await playwrightRequest.newContext({ baseURL: BASE });
  const tag = randomBytes(5).toString("hex");
  const account = { username: `restart_${tag}`, email: `restart-${tag}@verzek.test`, password: `pw-${tag}-restart` };
  let server = startPlatform(dataDir);
  try {
    await waitUntilUp();
    const registered = await api.post("/api/auth/register", { data: account });
    expect(registered.status()).toBe(201);
    const first = (await registered.json()) as { access_token: string; refresh_token: string };

    await stopPlatform(server);
    server = startPlatform(dataDir);
    await waitUntilUp();

    const me = await api.get("/api/auth/me", { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(account.email);
    const refreshed = await api.post("/api/auth/refresh", { data: { refresh_token: first.refresh_token } });
    expect(refreshed.status()).toBe(200);
    const login = await api.post("/api/auth/login", { data: { email: account.email, password: account.password } });
    expect(login.status()).toBe(200);
  } finally {
    await stopPlatform(server);
    await api.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
