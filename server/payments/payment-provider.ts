// The one place that builds the payment provider from the configuration. Tests point
// TRON_API_URL at the fake TronGrid (then resetEnvForTests()) or pass their own provider to the
// services; a card or app-store provider would be chosen here too.
import { env } from "../env";
import type { TPaymentProvider } from "./provider";
import { createTrc20Provider } from "./trc20-provider";

let cached: { key: string; provider: TPaymentProvider } | undefined;

/** Without a receiving address nothing can be checked on-chain: payments wait for the admin. */
const manualOnly: TPaymentProvider = {
  id: "TRC20",
  verify: async () => ({ status: "pending", reason: "Automatic verification is off (no receiving address configured): an admin will check it" }),
};

export function paymentProvider(): TPaymentProvider {
  const config = env();
  if (!config.USDT_TRC20_ADDRESS) return manualOnly;
  const options = {
    apiUrl: config.TRON_API_URL,
    apiKey: config.TRON_API_KEY,
    usdtContract: config.USDT_TRC20_CONTRACT,
    receivingAddress: config.USDT_TRC20_ADDRESS,
    minConfirmations: config.PAYMENT_MIN_CONFIRMATIONS,
    windowHours: config.PAYMENT_WINDOW_HOURS,
  };
  const key = JSON.stringify(options);
  if (cached?.key !== key) cached = { key, provider: createTrc20Provider(options) };
  return cached.provider;
}
