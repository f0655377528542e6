// Every minute: proves the job engine runs, and sweeps what expires (rate-limit windows,
// refresh tokens past their life).
import { pruneExpiredRefreshTokens } from "@/server/auth/refresh-token";
import { pruneRateLimits } from "@/server/rate-limits/consume-rate-limit";
import { defineJob } from "../define-job";

export const heartbeat = defineJob({ id: "heartbeat", triggers: [{ cron: "* * * * *" }], retries: 1 }, async ({ step }) => {
  const rateLimits = await step.run("prune-rate-limits", () => pruneRateLimits());
  const refreshTokens = await step.run("prune-refresh-tokens", () => pruneExpiredRefreshTokens());
  return { pruned: { rateLimits, refreshTokens } };
});
