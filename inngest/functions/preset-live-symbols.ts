// Every minute, with the IP's spare weight: margin type and leverage set ahead on the provider's
// usual symbols for every live auto-trader (server/trading/live-presets.ts), so a signal's live
// copies send their entries at once. One run at a time.
import { presetLiveSymbols } from "@/server/trading/live-presets";
import { defineJob } from "../define-job";

export const presetLiveSymbolsJob = defineJob(
  { id: "preset-live-symbols", triggers: [{ cron: "* * * * *" }], retries: 0, singleton: true },
  async ({ step }) => step.run("preset", () => presetLiveSymbols()),
);
