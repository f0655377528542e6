// The Prisma client (Rust-free, over node-postgres). One pool per process, created on first use.
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

const statementNames = new WeakMap<pg.PoolClient, string>();
let statementSeq = 0;

/**
 * A query as a named prepared statement on the shared pool: planned once per connection, then
 * only bound and executed (~30–100 µs less per call than an unnamed one, bench/http.ts). The
 * name is unique per connection because PGlite runs every connection in one session, where
 * a second PREPARE of the same name would fail.
 */
export async function preparedQuery<R extends pg.QueryResultRow>(key: string, text: string, values: unknown[]): Promise<R[]> {
  const client = await pool().connect();
  try {
    let name = statementNames.get(client);
    if (!name) statementNames.set(client, (name = `vz${process.pid}_${++statementSeq}`));
    const result = await client.query<R>({ name: `${name}_${key}`, text, values });
    return result.rows;
  } finally {
    client.release();
  }
}

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool()) });
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
