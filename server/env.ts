// The one place that reads process.env: parsed once, validated, typed. A missing required value
// in production fails at start naming the variable; local runs get generated secrets (.data/).
import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_DATA_DIR, loadLocalSecrets } from "./local-secrets";
import { isTronAddress } from "./lib/tron-address";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(blankToUndefined, z.coerce.number<string>().int().min(min).max(max).default(fallback));
const decimalString = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().regex(/^\d+(\.\d{1,6})?$/, "must be a positive decimal, e.g. 19.99").default(fallback));
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000, 1, 65535),
  DATABASE_URL: optional,
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  DATABASE_POOL_MAX: int(10, 1, 100),
  DATABASE_EMBEDDED: bool,
  JWT_SECRET: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  SECRETS_KEY: optional.pipe(base64Key.optional()),
  AUTH_SECRET: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  ADMIN_EMAIL: optional.pipe(z.email().optional()),
  ADMIN_PASSWORD: optional.pipe(z.string().min(12, "must be at least 12 characters").optional()),
  MOBILE_API_KEY: optional,
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean)),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().refine(isIpOrCidr, "each entry must be an IP address or CIDR, e.g. 10.0.0.0/8"))),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  TRIAL_CHAT_ID: optional,
  VIP_CHAT_ID: optional,
  ADMIN_CHAT_ID: optional,
  SIGNAL_CHANNEL_ID: optional,
  TELEGRAM_WEBHOOK_SECRET: optional,
  TELEGRAM_BOT_USERNAME: optional.pipe(z.string().regex(/^@?[A-Za-z0-9_]{5,32}$/, "must be the bot's Telegram username").transform((u) => u.replace(/^@/, "")).optional()),
  APP_URL: z.url().default("http://localhost:3000"),
  SIGNAL_PROVIDER_TOKEN: optional,
  TRIAL_FEED_DELAY_MINUTES: int(30, 0, 10_080),
  WEBHOOK_SECRET: optional,
  USDT_TRC20_ADDRESS: optional.pipe(z.string().refine(isTronAddress, "must be a TRON address (T…, valid checksum)").optional()),
  PLAN_PRICE_VIP: decimalString("49"),
  PLAN_PRICE_PREMIUM: decimalString("99"),
  TRON_API_URL: z.url().default("https://api.trongrid.io"),
  TRON_API_KEY: optional,
  PAYMENT_MIN_CONFIRMATIONS: int(19, 1, 10_000),
  USDT_TRC20_CONTRACT: z.string().refine(isTronAddress, "must be a TRON address (T…, valid checksum)").default("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
  PAYMENT_WINDOW_HOURS: int(72, 1, 24 * 90),
  PAYMENT_INVOICE_MINUTES: int(60, 1, 24 * 60),
  PAYMENT_INVOICE_GRACE_MINUTES: int(120, 0, 7 * 24 * 60),
  PARTNER_CREDIT_USD: decimalString("10"),
  ENABLE_LIVE_TRADING: bool,
  EXCHANGE_MODE: z.enum(["paper", "binance_testnet", "binance_mainnet"]).default("paper"),
  BINANCE_FUTURES_BASE: z.url().default("https://fapi.binance.com"),
  BINANCE_FUTURES_TESTBASE: z.url().default("https://demo-fapi.binance.com"),
  STALE_SIGNAL_DRIFT_PCT: decimalString("1.5"),
  STALE_SIGNAL_MAX_AGE_MINUTES: int(10, 1, 1440),
  PAPER_SLIPPAGE_BPS: int(0, 0, 500),
  GLOBAL_MAX_DD_PCT: z.preprocess(blankToUndefined, z.coerce.number<string>().positive().max(100).default(35)),
  AUTO_RESUME: bool,
  RISK_RULES_DISABLED: optional.pipe(z.string().optional()),
  INNGEST_DEV: optional,
  INNGEST_BASE_URL: optional.pipe(z.url().optional()),
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  EXPO_PUSH_URL: z.url().default("https://exp.host"),
  EXPO_ACCESS_TOKEN: optional,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

function isIpOrCidr(entry: string): boolean {
  const [ip, prefix, extra] = entry.split("/");
  const family = ip ? isIP(ip) : 0;
  if (extra !== undefined || family === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * The Expo web dev server (`expo start --web`: port 8081 since SDK 49, 19006 before), so the
 * mobile app run in a browser talks to `npm run dev` with no configuration. Never in production,
 * where only CORS_ORIGINS counts.
 */
export const EXPO_DEV_ORIGINS = ["http://localhost:8081", "http://127.0.0.1:8081", "http://localhost:19006", "http://127.0.0.1:19006"];

const REQUIRED_IN_PRODUCTION = ["JWT_SECRET", "SECRETS_KEY", "AUTH_SECRET"] as const;

type TParsedEnv = z.infer<typeof ZEnv>;
export type TEnv = Omit<TParsedEnv, (typeof REQUIRED_IN_PRODUCTION)[number]> & {
  JWT_SECRET: string;
  SECRETS_KEY: string;
  AUTH_SECRET: string;
  /** The browser origins CORS answers: CORS_ORIGINS, plus the Expo web dev server unless production. */
  corsOrigins: string[];
  /** "inngest" when an Inngest server or cloud keys are configured, else jobs run in-process. */
  jobMode: "inngest" | "in-process";
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const missing = REQUIRED_IN_PRODUCTION.filter((name) => !parsed[name]);
  if (missing.length > 0 && parsed.NODE_ENV === "production") {
    throw new EnvError(`Missing required environment variable(s) in production: ${missing.join(", ")}`);
  }
  const local = missing.length > 0 ? loadLocalSecrets(parsed.DATA_DIR) : undefined;
  // As the Inngest SDK reads it: "0"/"false" mean dev mode off.
  const devServer = parsed.INNGEST_DEV !== undefined && !/^(0|false)$/i.test(parsed.INNGEST_DEV);
  const jobMode = devServer || parsed.INNGEST_BASE_URL || parsed.INNGEST_SIGNING_KEY ? "inngest" : "in-process";
  return {
    ...parsed,
    JWT_SECRET: parsed.JWT_SECRET ?? local!.JWT_SECRET,
    SECRETS_KEY: parsed.SECRETS_KEY ?? local!.SECRETS_KEY,
    AUTH_SECRET: parsed.AUTH_SECRET ?? local!.AUTH_SECRET,
    corsOrigins: parsed.NODE_ENV === "production" ? parsed.CORS_ORIGINS : [...new Set([...parsed.CORS_ORIGINS, ...EXPO_DEV_ORIGINS])],
    jobMode,
  };
}

let cached: TEnv | undefined;

/** The validated configuration, parsed on first use (not at import, so `next build` needs no secrets). */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: re-read the environment after changing it. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * `next dev` (React's dev build needs eval for its error overlays): read alone, without parsing the
 * rest, because proxy.ts runs before anything else and must not need the secrets.
 */
export const isDevelopment = (): boolean => process.env.NODE_ENV === "development";
