// The Prisma client (Rust-free, over node-postgres). One pool per process, created on first use.
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { Prisma, PrismaClient } from "./generated/client.ts";

export { Prisma, PrismaClient };
export type * from "./generated/client.ts";

const globalForPrisma = globalThis as unknown as { verzekPrisma?: PrismaClient };

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the platform with `npm run dev` (embedded PostgreSQL) or set it");
  }
  return url;
}

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: requireDatabaseUrl(), max: env().DATABASE_POOL_MAX });
  return new PrismaClient({ adapter });
}

/** The process's Prisma client (kept across Next dev hot reloads). */
export function db(): PrismaClient {
  globalForPrisma.verzekPrisma ??= createClient();
  return globalForPrisma.verzekPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.verzekPrisma?.$disconnect();
  globalForPrisma.verzekPrisma = undefined;
}

export type TTx = Prisma.TransactionClient;
