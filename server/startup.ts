// Boot of one app process: migrations, the admin account, and the job engine. Called from
// instrumentation.ts before Next serves the first request.
import type { TJob, TJobEvent } from "./jobs/job";
import { requireDatabaseUrl } from "./db/client";
import { migrate } from "./db/migrate";
import { env } from "./env";
import { createInProcessRunner, type TInProcessRunner } from "./jobs/in-process";
import { setEventDispatcher } from "./jobs/events";
import { logger, setLogLevel } from "./logger";
import { riskConfigFromEnv } from "./risk/rules/registry";
import { ensureAdmin } from "./auth/ensure-admin";
import { ingestChannelPost } from "./signals/ingest-channel-post";
import { startChannelPoller, type TChannelPoller } from "./telegram/channel-poller";
import { handleMembershipUpdateNow } from "./telegram-webhook";
import { registerTelegramWebhook } from "./telegram/webhook-registration";

type TBoot = { jobs: TJob[]; sendToInngest: (events: TJobEvent[]) => Promise<unknown> };

const globalBoot = globalThis as unknown as { verzekRunner?: TInProcessRunner; verzekPoller?: TChannelPoller; verzekBooted?: boolean };

export async function startPlatform({ jobs, sendToInngest }: TBoot): Promise<void> {
  if (globalBoot.verzekBooted) return;
  globalBoot.verzekBooted = true;
  const config = env();
  setLogLevel(config.LOG_LEVEL);
  riskConfigFromEnv(config.RISK_RULES_DISABLED); // a rule name that does not exist fails the start, not the first trade

  const applied = await migrate(requireDatabaseUrl());
  if (applied.length > 0) logger.info("migrations applied", { applied });

  announceAdmin(await ensureAdmin());

  if (config.jobMode === "inngest") {
    setEventDispatcher(async (events) => void (await sendToInngest(events)));
  } else {
    const runner = createInProcessRunner(jobs);
    setEventDispatcher((events) => runner.dispatch(events));
    runner.startCrons();
    globalBoot.verzekRunner = runner;
  }
  // Updates arrive by webhook when TELEGRAM_WEBHOOK_SECRET is set, else by long polling.
  const membership = !!(config.VIP_CHAT_ID || config.TRIAL_CHAT_ID || config.TELEGRAM_BOT_USERNAME);
  if (config.TELEGRAM_BOT_TOKEN && (config.SIGNAL_CHANNEL_ID || membership) && !config.TELEGRAM_WEBHOOK_SECRET) {
    globalBoot.verzekPoller = startChannelPoller({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      channelId: config.SIGNAL_CHANNEL_ID,
      onPost: async (post) => void (await ingestChannelPost(post)),
      ...(membership ? { onUpdate: handleMembershipUpdateNow } : {}),
    });
  }
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_SECRET) {
    // Not awaited: the app serves while Telegram is slow or unreachable; the outcome is logged.
    const registration = { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, appUrl: config.APP_URL, secretToken: config.TELEGRAM_WEBHOOK_SECRET };
    void registerTelegramWebhook(registration).then((r) =>
      r.ok ? logger.info("telegram webhook registered", { url: r.url }) : logger.error("telegram webhook registration failed", { error: r.error }),
    );
  }
  logger.info("platform started", { jobMode: config.jobMode, jobs: jobs.map((j) => j.id), channelListener: globalBoot.verzekPoller ? "polling" : "webhook/off" });
}

function announceAdmin(result: Awaited<ReturnType<typeof ensureAdmin>>): void {
  if (result.kind === "generated") {
    process.stdout.write(
      `\n  Admin account created — sign in at /login\n    email:    ${result.email}\n    password: ${result.password}\n` +
        `  (shown once; also saved in ${result.file})\n\n`,
    );
  } else {
    process.stdout.write(`\n  Admin sign-in at /login as ${result.email}` + (result.kind === "existing" ? " (password in .data/admin-login.txt on a local run)\n\n" : "\n\n"));
  }
}
