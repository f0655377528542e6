// Raw SQL on either a Prisma transaction or a plain pg client. The hot paths (the fan-out's chunks,
// the price monitor's settlement) run their transactions on a pooled pg client: Prisma's per-query
// overhead grows with the size of the array parameters, which is what set-based writes send.
import type pg from "pg";
import { pool, type TTx } from "./client";

export type TSql = {
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  exec(sql: string, ...params: unknown[]): Promise<number>;
};
export const prismaSql = (tx: TTx): TSql => ({ query: (sql, ...p) => tx.$queryRawUnsafe(sql, ...p), exec: (sql, ...p) => tx.$executeRawUnsafe(sql, ...p) });
export const pgSql = (c: pg.PoolClient): TSql => ({
  query: async <T>(sql: string, ...p: unknown[]) => (await c.query(sql, p)).rows as T[],
  exec: async (sql, ...p) => (await c.query(sql, p)).rowCount ?? 0,
});

/** One transaction on a pooled pg client: committed when `fn` resolves, rolled back when it throws. */
export async function inPgTransaction<T>(fn: (sql: TSql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const out = await fn(pgSql(client));
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
