// The Prisma client (Rust-free, over node-postgres). One pool per process, created on first use.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";
import { Prisma, PrismaClient } from "./generated/client.ts";

export { Prisma, PrismaClient };
export type * from "./generated/client.ts";

const globalForPrisma = globalThis as unknown as { verzekPrisma?: PrismaClient; verzekPool?: pg.Pool };

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the platform with `npm run dev` (embedded PostgreSQL) or set it");
  }
  return url;
}

/**
 * The process's connection pool, shared by Prisma and the few hot-path queries that skip
 * Prisma's per-query overhead (see server/auth/authenticate.ts). One pool keeps the embedded
 * database's single-connection rule (DATABASE_POOL_MAX=1) for both.
 */
export function pool(): pg.Pool {
  if (!globalForPrisma.verzekPool) {
    const created = new pg.Pool({ connectionString: requireDatabaseUrl(), max: env().DATABASE_POOL_MAX });
    // An idle connection the server drops (restart, failover) must not crash the process: the
    // pool replaces it on the next checkout.
    created.on("error", (err) => logger.warn("idle database connection lost", { err }));
    globalForPrisma.verzekPool = created;
  }
  return globalForPrisma.verzekPool;
}

/**
 * A query as a named prepared statement on the shared pool: planned once per connection, then
 * only bound and executed (~30–100 µs less per call than an unnamed one, bench/http.ts).
 *
 * The name is derived from the statement's text, so every copy of this module (Next bundles
 * pages and route handlers separately) and every connection agrees on it, and node-postgres's
 * per-connection cache of prepared names is always right on a PostgreSQL server, where a
 * prepared statement lives and dies with its connection. The embedded database is different:
 * PGlite behind its socket has one session for every connection, so a statement outlives the
 * connection that prepared it, and a new connection (the pool recycles idle ones) preparing the
 * same name fails with "already exists". There the query runs unnamed.
 */
export async function preparedQuery<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
  const result = env().DATABASE_EMBEDDED
    ? await pool().query<R>(text, values)
    : await pool().query<R>({ name: statementName(text), text, values });
  return result.rows;
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `vz_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`));
  return name;
}

/**
 * How long a transaction waits for a connection. The embedded database has one connection by design
 * (one PGlite session): a burst of requests on a developer's machine queues for it instead of failing
 * with "busy" after Prisma's default 2 s. On a server the pool has many connections, and waiting
 * longer than the default means overload: answered 503, retryable (errors.ts, P2028).
 */
export const EMBEDDED_TRANSACTION_MAX_WAIT_MS = 30_000;

function createClient(): PrismaClient {
  const transactionOptions = env().DATABASE_EMBEDDED ? { maxWait: EMBEDDED_TRANSACTION_MAX_WAIT_MS, timeout: EMBEDDED_TRANSACTION_MAX_WAIT_MS } : undefined;
  return new PrismaClient({ adapter: new PrismaPg(pool()), ...(transactionOptions ? { transactionOptions } : {}) });
}

/** The process's Prisma client (kept across Next dev hot reloads). */
export function db(): PrismaClient {
  globalForPrisma.verzekPrisma ??= createClient();
  return globalForPrisma.verzekPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.verzekPrisma?.$disconnect();
  await globalForPrisma.verzekPool?.end();
  globalForPrisma.verzekPrisma = undefined;
  globalForPrisma.verzekPool = undefined;
}

export type TTx = Prisma.TransactionClient;
