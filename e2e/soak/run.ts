// Newcomer soak test (`npm run soak [-- --mode dev|start|both --minutes 2.5 --seed N]`): the
// platform started as the README says (`npm run dev`, then `npm start` on the existing build),
// the admin signed in to /admin in Chromium, and every REST route of the README's table called in
// a seeded random order by users of each plan, in sequence and in concurrent bursts, with idle
// gaps longer than the database pool's idle timeout (10 s) between rounds and the dashboard
// reloaded each round. It passes with no 5xx, the dashboard served every time, and the server still
// answering at the end; otherwise it lists every 5xx and exits 1.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startFakeBinance } from "../../test/fakes/binance";
import { Tally } from "./client";
import { type TDashboard, signInToDashboard } from "./dashboard";
import { type TMode, sleep, startPlatform } from "./platform";
import { createRng, type TRng } from "./prng";
import { printSummary, say, seconds, step } from "./report";
import { ACCOUNT_ROUTES } from "./routes-account";
import { TRADING_ROUTES } from "./routes-trading";
import { setUpCast } from "./setup";
import { spoil, type TEntry, type TState } from "./state";

const ROUTES: TEntry[] = [...ACCOUNT_ROUTES, ...TRADING_ROUTES];
const WRONG_SHARE = 0.15;

const { values: args } = parseArgs({
  options: {
    mode: { type: "string", default: process.env.SOAK_MODE ?? "both" },
    minutes: { type: "string", default: process.env.SOAK_MINUTES ?? "2.5" },
    seed: { type: "string", default: process.env.SOAK_SEED },
  },
});
const modes: TMode[] = args.mode === "both" ? ["dev", "start"] : args.mode === "dev" || args.mode === "start" ? [args.mode] : fail(`--mode must be dev, start or both, not ${args.mode}`);
const minutes = Number(args.minutes);
if (!(minutes > 0 && minutes <= 120)) fail(`--minutes must be a number of minutes from 0 to 120, not ${args.minutes}`);
const seed = args.seed === undefined ? randomBytes(4).readUInt32BE() : Number(args.seed);
if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a whole number, not ${args.seed}`);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function soak(mode: TMode): Promise<boolean> {
  const label = mode === "dev" ? "npm run dev" : "npm start";
  const rng = createRng(seed);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `verzek-soak-${mode}-`));
  const artifacts = path.resolve("test-results", "soak", mode);
  say(`== soak: ${label}, ${minutes} min, seed ${seed} (replay: npm run soak -- --mode ${mode} --seed ${seed}), DATA_DIR ${dataDir}`);
  // The outside world is unreachable here: Binance prices come from the local fake; the two
  // webhooks get secrets so that signed posts are accepted. Everything else is the README's start.
  const binance = await startFakeBinance();
  const secrets = { webhook: randomBytes(24).toString("hex"), telegram: randomBytes(24).toString("hex"), channelId: "-1001234567890" };
  const platform = await step(`start the platform (${label}) and wait for /api/ping`, () =>
    startPlatform(mode, dataDir, { BINANCE_FUTURES_BASE: binance.baseUrl, WEBHOOK_SECRET: secrets.webhook, TELEGRAM_WEBHOOK_SECRET: secrets.telegram, SIGNAL_CHANNEL_ID: secrets.channelId }),
  );
  const tally = new Tally(platform.base);
  let dashboard: TDashboard | undefined;
  let answering = false;
  try {
    say(`admin login read from the start-up output (and DATA_DIR/admin-login.txt): ${platform.admin.email}`);
    dashboard = await step("sign in to /admin in Chromium", () => signInToDashboard(platform.base, platform.admin, artifacts));
    const state = await step("register users, upgrade some to VIP and PREMIUM", () => setUpCast(tally, rng, platform.admin, secrets));
    const end = Date.now() + minutes * 60_000;
    // At least two rounds: under `next dev` the first one is mostly compiling each route on its first call.
    for (let round = 1; round <= 2 || Date.now() < end; round++) {
      const gap = rng.int(12_000, 15_000);
      await step(`round ${round}: idle ${seconds(gap)}, then the dashboard, every route and a burst in random order`, async () => {
        await sleep(gap);
        await playRound(state, rng, tally, dashboard!);
        say(`round ${round}: ${tally.calls} calls so far, ${tally.count5xx()} 5xx, dashboard ${dashboard!.failures.length} failed of ${dashboard!.loads}`);
      });
    }
    answering = await step("the server still answers", async () => {
      const ping = await tally.send({ route: "GET /api/ping", path: "/api/ping" });
      const me = await tally.send({ route: "GET /api/auth/me", path: "/api/auth/me", token: state.admin.access });
      await dashboard!.reload();
      return ping.status === 200 && me.status === 200;
    });
  } catch (err) {
    say(`the soak stopped early: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await dashboard?.close();
    await step("stop the platform", () => platform.stop());
    await binance.close();
  }
  printSummary(label, tally, dashboard, platform.logLinesWith);
  const passed = answering && tally.count5xx() === 0 && dashboard !== undefined && dashboard.failures.length === 0;
  if (passed) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  } else {
    fs.mkdirSync(artifacts, { recursive: true });
    fs.copyFileSync(platform.logFile, path.join(artifacts, path.basename(platform.logFile)));
    say(`server log kept in ${path.join(artifacts, path.basename(platform.logFile))}`);
  }
  say(`== soak ${label}: ${passed ? "PASSED" : "FAILED"} — ${tally.calls} calls, ${tally.count5xx()} 5xx or unanswered, dashboard served ${(dashboard?.loads ?? 0) - (dashboard?.failures.length ?? 0)} of ${dashboard?.loads ?? 0}, server answering at the end: ${answering ? "yes" : "no"}`);
  return passed;
}

/** The dashboard reload, one call of every route in random order, and a concurrent burst — themselves in random order. */
async function playRound(state: TState, rng: TRng, tally: Tally, dashboard: TDashboard): Promise<void> {
  const parts = [
    () => dashboard.reload().then(() => undefined),
    async () => {
      for (const entry of rng.shuffle(ROUTES)) await call(entry, state, rng, tally);
    },
    async () => {
      const burst = Array.from({ length: rng.int(20, 40) }, () => rng.pick(ROUTES.filter((e) => !e.solo)));
      await Promise.all(burst.map((entry) => call(entry, state, rng, tally)));
    },
  ];
  for (const part of rng.shuffle(parts)) await part();
}

async function call(entry: TEntry, state: TState, rng: TRng, tally: Tally): Promise<void> {
  const wrong = rng.chance(WRONG_SHARE);
  const made = wrong ? (entry.bad ?? ((s, r) => spoil(entry.make(s, r))))(state, rng) : entry.make(state, rng);
  const answer = await tally.send({ ...made, route: entry.route });
  entry.after?.(state, answer, made);
}

let allPassed = true;
for (const mode of modes) allPassed = (await soak(mode)) && allPassed;
process.exit(allPassed ? 0 : 1);
