// The app's web export for the mobile end-to-end run: built from mobile/ with the platform's URL
// inlined (EXPO_PUBLIC_API_URL), then served as static files the way any static host would,
// unknown paths falling back to index.html (the export is a single-page app; /pay?plan=VIP is a
// route of it). Metro's caches (transforms, file map) go to mobile/node_modules/.cache: its temp
// folder is pointed there, so the run leaves nothing outside the checkout.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { MOBILE_E2E } from "./ports";

const mobileDir = path.resolve(import.meta.dirname, "../../mobile");
const outDir = path.join(mobileDir, "dist-e2e");

const tmpDir = path.join(mobileDir, "node_modules", ".cache", "tmp");
fs.mkdirSync(tmpDir, { recursive: true });

const started = Date.now();
const built = spawnSync("npx", ["expo", "export", "--platform", "web", "--output-dir", "dist-e2e"], {
  cwd: mobileDir,
  stdio: "inherit",
  env: {
    ...process.env,
    EXPO_PUBLIC_API_URL: MOBILE_E2E.platformUrl,
    TMPDIR: tmpDir,
    // Offline and headless (../shared/NOTES.md, "Mobile"): no telemetry, no devtools download.
    EXPO_OFFLINE: "1",
    EXPO_NO_TELEMETRY: "1",
    CI: "1",
    EXPO_UNSTABLE_HEADLESS: "1",
    EXPO_NO_NEW_ARCH_COMPAT_CHECK: "1",
  },
});
if (built.status !== 0) {
  console.error(`expo export failed (exit ${built.status ?? built.signal})`);
  process.exit(1);
}
console.log(`web export built in ${((Date.now() - started) / 1000).toFixed(1)} s (API ${MOBILE_E2E.platformUrl})`);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
};

createServer((req, res) => {
  const urlPath = decodeURIComponent(new URL(req.url ?? "/", MOBILE_E2E.webUrl).pathname);
  let file = path.join(outDir, urlPath);
  // Only files inside the export; anything else is a route of the app.
  if (!file.startsWith(outDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(outDir, "index.html");
  res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}).listen(MOBILE_E2E.webPort, "127.0.0.1", () => console.log(`serving ${outDir} on ${MOBILE_E2E.webUrl}`));
