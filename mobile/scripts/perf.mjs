// `npm run perf`: the app's three performance figures of issue 14, printed with their targets and
// the conditions they were taken under (date, machine, load average).
//   1. The web export's JavaScript, raw and gzip (target ≤ 1.5 MB gzip).
//   2. The feed's list rendering 1,000 signals, from its component test (target ≤ 200 ms).
//   3. Cold start of the web build to a filled feed against a local platform (target ≤ 2 s), in
//      Debian's Chromium: a fresh browser context (empty HTTP cache, no cached data) holding a
//      signed-in session, timed from navigation start to the first signal card in the page.
// For 3 it starts the platform from the repository root (`npm start`: the production build on an
// embedded PGlite in a temporary data folder, on a free port) and builds the export pointed at it
// (mobile/dist-perf); it needs the root's packages (`npm install`, Playwright) and
// /usr/bin/chromium. `--skip-start` leaves figure 3 out (then only mobile/'s packages are needed).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const mobileDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(mobileDir, "..");
const outName = "dist-perf";
const outDir = path.join(mobileDir, outName);
const skipStart = process.argv.includes("--skip-start");
const COLD_RUNS = 5;
const SIGNALS = 30;

const EXPO_ENV = { EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1", CI: "1", EXPO_UNSTABLE_HEADLESS: "1", EXPO_NO_NEW_ARCH_COMPAT_CHECK: "1" };
const MB = 1024 * 1024;
const say = (line) => console.log(line);

async function main() {
  const conditions = `${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
  say(`== mobile perf: ${conditions}`);
  const results = [];

  let platform;
  try {
    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    if (!skipStart) platform = await startPlatform(webUrl);
    const apiUrl = platform?.url ?? "http://127.0.0.1:3000";

    const exportSeconds = buildExport(apiUrl);
    const js = jsSize(outDir);
    say(`web export (${exportSeconds.toFixed(1)} s): ${js.files} JavaScript files, ${(js.raw / MB).toFixed(2)} MB, ${(js.gzip / MB).toFixed(3)} MB gzip`);
    results.push({ name: "web export JavaScript, gzip", value: `${(js.gzip / MB).toFixed(3)} MB (${(js.raw / MB).toFixed(2)} MB raw)`, ok: js.gzip <= 1.5 * MB, target: "≤ 1.5 MB" });

    const feed = feedRender();
    results.push({ name: "feed list, 1,000 signals (component test, best of 5)", value: `${feed.best} ms (runs ${feed.runs}; 10 signals: ${feed.baseline} ms)`, ok: feed.best <= 200, target: "≤ 200 ms" });

    if (platform) {
      const server = serve(outDir, webPort);
      try {
        const cold = await coldStarts(platform, webUrl);
        const sorted = [...cold].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        results.push({ name: `cold start to a filled feed (${COLD_RUNS} fresh contexts, median)`, value: `${median} ms (runs ${cold.join(" / ")} ms)`, ok: median <= 2000, target: "≤ 2 s" });
      } finally {
        server.close();
      }
    }
  } finally {
    await platform?.stop();
  }

  say("");
  say(`== figures (${conditions})`);
  for (const r of results) say(`${r.ok ? "ok  " : "OVER"} ${r.name}: ${r.value} — target ${r.target}`);
  say(`load average now: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  if (skipStart) say("cold start not measured (--skip-start)");
}

function buildExport(apiUrl) {
  // Metro keeps its caches in the temp folder: this one is inside the checkout.
  const tmpDir = path.join(mobileDir, "node_modules", ".cache", "tmp");
  fs.mkdirSync(tmpDir, { recursive: true });
  const started = Date.now();
  const run = spawnSync("npx", ["expo", "export", "--platform", "web", "--output-dir", outName], {
    cwd: mobileDir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...EXPO_ENV, EXPO_PUBLIC_API_URL: apiUrl, TMPDIR: tmpDir },
  });
  if (run.status !== 0) throw new Error(`expo export failed (exit ${run.status ?? run.signal})`);
  return (Date.now() - started) / 1000;
}

function jsSize(dir) {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const body = fs.readFileSync(path.join(entry.parentPath, entry.name));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    files++;
  }
  return { raw, gzip, files };
}

/** Runs the list's component test, which prints its timings (src/signals/signal-list.test.tsx). */
function feedRender() {
  const run = spawnSync("npx", ["jest", "--ci", "--testTimeout=180000", "src/signals/signal-list.test.tsx"], { cwd: mobileDir, encoding: "utf8", env: process.env });
  const out = `${run.stdout}\n${run.stderr}`;
  const line = /feed list, 1,000 signals: ([\d /]+) ms \(best (\d+)\); 10 signals: best (\d+) ms/.exec(out);
  if (run.status !== 0 || !line) throw new Error(`the feed's component test failed:\n${out.slice(-3000)}`);
  say(line[0]);
  return { runs: line[1].trim(), best: Number(line[2]), baseline: Number(line[3]) };
}

async function startPlatform(webUrl) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-mobile-perf-"));
  const admin = { email: "admin-perf@verzek.test", password: randomBytes(18).toString("base64url") };
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, CORS_ORIGINS: webUrl, LOG_LEVEL: "warn" };
  for (const name of ["DATABASE_URL", "NODE_ENV", "MOBILE_API_KEY"]) delete env[name];
  const log = path.join(dataDir, "platform.log");
  const fd = fs.openSync(log, "a");
  // Its own process group, so that stopping it reaches npm, the launcher and Next together.
  const child = spawn("npm", ["start"], { cwd: repoRoot, env, stdio: ["ignore", fd, fd], detached: true });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* gone */
      }
      await Promise.race([exited, sleep(20_000)]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform exited; its log:\n${fs.readFileSync(log, "utf8").slice(-3000)}`);
    if (Date.now() - started > 300_000) {
      await stop();
      throw new Error("the platform did not answer /api/ping within 5 minutes");
    }
    try {
      if ((await fetch(`${url}/api/ping`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }
  say(`platform (npm start, PGlite) answering on ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url, admin, stop };
}

async function api(base, method, route, body, token) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A VIP subscriber with a feed of SIGNALS signals; then COLD_RUNS cold starts of the web build. */
async function coldStarts(platform, webUrl) {
  const base = platform.url;
  const admin = await api(base, "POST", "/api/auth/login", platform.admin);
  const tag = randomBytes(4).toString("hex");
  const user = { username: `perf_${tag}`, email: `perf-${tag}@verzek.test`, password: `pw-${tag}-Perf` };
  const registered = await api(base, "POST", "/api/auth/register", user);
  await api(base, "PUT", `/api/users/${registered.user.id}/subscription`, { plan: "VIP" }, admin.access_token);
  const symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
  for (let i = 0; i < SIGNALS; i++) {
    const price = 100 + i;
    await api(base, "POST", "/api/signals", { symbol: symbols[i % 3], direction: "LONG", entry: String(price), targets: [String(price + 5)], stop_loss: String(price - 5), leverage: 5 }, admin.access_token);
  }

  const { chromium } = createRequire(path.join(repoRoot, "package.json"))("@playwright/test");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    // Signed in once through the screens, as a user would; the session it stores is what a restart finds.
    const first = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await first.newPage();
    await page.goto(webUrl);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-testid^="signal-"]').first().waitFor({ timeout: 60_000 });
    const storage = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    await first.close();
    delete storage["verzek-query-cache"]; // no cached feed: the feed must come from the platform

    const runs = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
      await context.addInitScript((saved) => {
        for (const [k, v] of Object.entries(saved)) localStorage.setItem(k, v);
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid^="signal-"]')) {
            window.__feedFilledAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, storage);
      const tab = await context.newPage();
      await tab.goto(webUrl);
      await tab.waitForFunction(() => window.__feedFilledAt !== undefined, undefined, { timeout: 60_000 });
      runs.push(Math.round(await tab.evaluate(() => window.__feedFilledAt)));
      await context.close();
    }
    say(`cold start to a filled feed: ${runs.join(" / ")} ms`);
    return runs;
  } finally {
    await browser.close();
  }
}

function serve(dir, port) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".png": "image/png", ".ico": "image/x-icon", ".ttf": "font/ttf" };
  const server = createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    // A single-page app: any path that is not a file is a route of it.
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, "index.html");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  server.listen(port, "127.0.0.1");
  return server;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
