// Each test worker: the database chosen by the global setup, and throwaway secrets.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";

process.env.JWT_SECRET ??= randomBytes(48).toString("base64url");
process.env.AUTH_SECRET ??= randomBytes(48).toString("base64url");
process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_LEVEL ??= "error";
const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  process.env.DATABASE_POOL_MAX = inject("databasePoolMax");
  process.env.DATABASE_EMBEDDED = inject("databaseTemplate") ? "" : "1";
}
