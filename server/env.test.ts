import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const secrets = () => ({
  JWT_SECRET: randomBytes(48).toString("base64url"),
  SECRETS_KEY: randomBytes(32).toString("base64"),
  AUTH_SECRET: randomBytes(48).toString("base64url"),
});

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-env-test-"));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A complete environment: every required secret given, files (if any) in a temp folder. */
const base = (extra: Record<string, string | undefined> = {}) => ({ ...secrets(), DATA_DIR: dataDir, ...extra });

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return err as EnvError;
  }
  throw new Error("expected parseEnv to throw");
}

describe("parseEnv in production", () => {
  it("names every missing required secret", () => {
    const err = envError({ NODE_ENV: "production", DATA_DIR: dataDir });
    expect(err.name).toBe("EnvError");
    for (const name of ["JWT_SECRET", "SECRETS_KEY", "AUTH_SECRET"]) expect(err.message).toContain(name);
  });

  it("names only the one that is missing, blank counting as missing", () => {
    const err = envError(base({ NODE_ENV: "production", SECRETS_KEY: "   " }));
    expect(err.message).toContain("SECRETS_KEY");
    expect(err.message).not.toContain("JWT_SECRET");
    expect(err.message).not.toContain("AUTH_SECRET");
  });

  it("never generates secrets on disk", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir })).toThrow(EnvError);
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
  });

  it("accepts a complete environment and writes no secrets file", () => {
    const given = base({ NODE_ENV: "production" });
    const env = parseEnv(given);
    expect(env.JWT_SECRET).toBe(given.JWT_SECRET);
    expect(env.SECRETS_KEY).toBe(given.SECRETS_KEY);
    expect(env.AUTH_SECRET).toBe(given.AUTH_SECRET);
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
  });
});

describe("parseEnv rejects invalid values, naming the variable", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["SECRETS_KEY", randomBytes(16).toString("base64")],
    ["SECRETS_KEY", "not base64 at all"],
    ["JWT_SECRET", "too-short"],
    ["AUTH_SECRET", "too-short"],
    ["ADMIN_EMAIL", "not-an-email"],
    ["ADMIN_PASSWORD", "short"],
    ["EXCHANGE_MODE", "live"],
    ["ENABLE_LIVE_TRADING", "maybe"],
    ["GLOBAL_MAX_DD_PCT", "0"],
    ["GLOBAL_MAX_DD_PCT", "101"],
    ["PARTNER_CREDIT_USD", "-10"],
    ["PARTNER_CREDIT_USD", "10.1234567"],
    ["PLAN_PRICE_VIP", "1e3"],
    ["TRON_API_URL", "not a url"],
    ["EXPO_PUSH_URL", "exp.host"],
    ["INNGEST_BASE_URL", "nope"],
    ["NODE_ENV", "staging"],
    ["LOG_LEVEL", "trace"],
    ["DATABASE_POOL_MAX", "0"],
  ])("%s=%j", (name, value) => {
    const err = envError(base({ [name]: value }));
    expect(err.message).toMatch(new RegExp(`\\b${name}: `));
  });

  it("names every invalid variable at once", () => {
    const err = envError(base({ PORT: "abc", ADMIN_EMAIL: "x" }));
    expect(err.message).toContain("PORT");
    expect(err.message).toContain("ADMIN_EMAIL");
  });

  it("never echoes a rejected secret value", () => {
    const err = envError(base({ JWT_SECRET: "short-but-secret" }));
    expect(err.message).not.toContain("short-but-secret");
  });
});

describe("parseEnv defaults", () => {
  it("defaults to a safe paper-trading setup", () => {
    const env = parseEnv(base());
    expect(env.NODE_ENV).toBe("development");
    expect(env.EXCHANGE_MODE).toBe("paper");
    expect(env.ENABLE_LIVE_TRADING).toBe(false);
    expect(env.AUTO_RESUME).toBe(false);
    expect(env.GLOBAL_MAX_DD_PCT).toBe(35);
    expect(env.PARTNER_CREDIT_USD).toBe("10");
    expect(env.PLAN_PRICE_VIP).toBe("49");
    expect(env.PLAN_PRICE_PREMIUM).toBe("99");
    expect(env.PORT).toBe(3000);
    expect(env.PAYMENT_MIN_CONFIRMATIONS).toBe(19);
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.CORS_ORIGINS).toEqual([]);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["true", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["no", false],
    ["", false],
  ])("reads ENABLE_LIVE_TRADING=%j as %s", (value, expected) => {
    expect(parseEnv(base({ ENABLE_LIVE_TRADING: value })).ENABLE_LIVE_TRADING).toBe(expected);
  });

  it("coerces numbers and keeps money as strings", () => {
    const env = parseEnv(base({ PORT: "8080", GLOBAL_MAX_DD_PCT: "12.5", PARTNER_CREDIT_USD: "7.25" }));
    expect(env.PORT).toBe(8080);
    expect(env.GLOBAL_MAX_DD_PCT).toBe(12.5);
    expect(env.PARTNER_CREDIT_USD).toBe("7.25");
  });

  it("treats blank optional values as unset", () => {
    const env = parseEnv(base({ TELEGRAM_BOT_TOKEN: "  ", DATABASE_URL: "" }));
    expect(env.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

describe("parseEnv jobMode", () => {
  it("runs jobs in-process when no Inngest setting is present", () => {
    expect(parseEnv(base()).jobMode).toBe("in-process");
  });

  it("stays in-process with only an event key (it alone reaches no Inngest server)", () => {
    expect(parseEnv(base({ INNGEST_EVENT_KEY: "ek" })).jobMode).toBe("in-process");
  });

  it.each([
    [{ INNGEST_DEV: "1" }],
    [{ INNGEST_DEV: "true" }],
    [{ INNGEST_DEV: "http://localhost:8288" }],
    [{ INNGEST_SIGNING_KEY: "signkey-prod-abc" }],
    [{ INNGEST_BASE_URL: "http://inngest.internal:8288" }],
  ])("uses Inngest with %j", (extra) => {
    expect(parseEnv(base(extra)).jobMode).toBe("inngest");
  });

  it("stays in-process when INNGEST_DEV is blank", () => {
    expect(parseEnv(base({ INNGEST_DEV: " " })).jobMode).toBe("in-process");
  });

  // The Inngest SDK reads INNGEST_DEV=0/false as "dev mode off" (helpers/env.js parseAsBoolean):
  // with no signing key nothing could reach Inngest, so jobs must run in-process.
  it.each([["0"], ["false"]])("stays in-process when INNGEST_DEV=%s (dev mode off)", (value) => {
    expect(parseEnv(base({ INNGEST_DEV: value })).jobMode).toBe("in-process");
  });
});

describe("parseEnv CORS_ORIGINS", () => {
  it("splits on commas, trimming and dropping empties", () => {
    const env = parseEnv(base({ CORS_ORIGINS: " https://a.example ,https://b.example,, " }));
    expect(env.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
  });

  it("keeps a single origin as a one-item list", () => {
    expect(parseEnv(base({ CORS_ORIGINS: "http://localhost:8081" })).CORS_ORIGINS).toEqual(["http://localhost:8081"]);
  });
});

describe("parseEnv corsOrigins: the Expo web dev server outside production", () => {
  const expo = ["http://localhost:8081", "http://127.0.0.1:8081", "http://localhost:19006", "http://127.0.0.1:19006"];

  it("development with nothing set allows the Expo web dev server (8081, 19006; localhost and 127.0.0.1)", () => {
    const env = parseEnv(base({ NODE_ENV: "development" }));
    expect(env.CORS_ORIGINS).toEqual([]);
    expect(env.corsOrigins).toEqual(expo);
  });

  it("development adds CORS_ORIGINS to them, once each", () => {
    const env = parseEnv(base({ NODE_ENV: "development", CORS_ORIGINS: "https://a.example,http://localhost:8081" }));
    expect(env.corsOrigins).toEqual(["https://a.example", ...expo]);
  });

  it("production allows exactly CORS_ORIGINS: nothing when unset", () => {
    expect(parseEnv(base({ NODE_ENV: "production" })).corsOrigins).toEqual([]);
    expect(parseEnv(base({ NODE_ENV: "production", CORS_ORIGINS: "https://a.example" })).corsOrigins).toEqual(["https://a.example"]);
    expect(parseEnv(base({ NODE_ENV: "production", CORS_ORIGINS: "http://localhost:8081" })).corsOrigins).toEqual(["http://localhost:8081"]);
  });
});

describe("parseEnv local secrets (not production)", () => {
  const secretsFile = () => path.join(dataDir, "secrets.json");

  it("generates missing secrets into DATA_DIR/secrets.json with mode 0600", () => {
    const env = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(env.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.SECRETS_KEY, "base64")).toHaveLength(32);
    expect(fs.statSync(secretsFile()).mode & 0o777).toBe(0o600);
    const onDisk = JSON.parse(fs.readFileSync(secretsFile(), "utf8"));
    expect(onDisk).toEqual({ JWT_SECRET: env.JWT_SECRET, SECRETS_KEY: env.SECRETS_KEY, AUTH_SECRET: env.AUTH_SECRET });
  });

  it("returns the same secrets on a second parse", () => {
    const first = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    const second = parseEnv({ NODE_ENV: "test", DATA_DIR: dataDir });
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.SECRETS_KEY).toBe(first.SECRETS_KEY);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("creates DATA_DIR when it does not exist yet", () => {
    const nested = path.join(dataDir, "a", "b");
    parseEnv({ NODE_ENV: "development", DATA_DIR: nested });
    expect(fs.existsSync(path.join(nested, "secrets.json"))).toBe(true);
  });

  it("prefers a given secret over the generated one", () => {
    const given = secrets();
    const env = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir, JWT_SECRET: given.JWT_SECRET });
    expect(env.JWT_SECRET).toBe(given.JWT_SECRET);
    const onDisk = JSON.parse(fs.readFileSync(secretsFile(), "utf8"));
    expect(env.SECRETS_KEY).toBe(onDisk.SECRETS_KEY);
    expect(env.AUTH_SECRET).toBe(onDisk.AUTH_SECRET);
  });

  it("touches no file when every secret is given", () => {
    parseEnv(base());
    expect(fs.existsSync(secretsFile())).toBe(false);
  });
});

describe("parseEnv TRUSTED_PROXIES", () => {
  it("defaults to none, so forwarding headers are never believed", () => {
    expect(parseEnv(base()).TRUSTED_PROXIES).toEqual([]);
  });

  it("takes IPs and CIDRs of both families, comma or space separated", () => {
    const env = parseEnv(base({ TRUSTED_PROXIES: " 10.0.0.0/8, 127.0.0.1 2001:db8::/32,::1 " }));
    expect(env.TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "127.0.0.1", "2001:db8::/32", "::1"]);
  });

  it.each(["proxy.internal", "10.0.0.0/33", "10.0.0.0/8/1", "2001:db8::/129", "10.0.0.0/"])("rejects %s naming the variable", (value) => {
    expect(() => parseEnv(base({ TRUSTED_PROXIES: value }))).toThrow(/TRUSTED_PROXIES/);
  });
});
