// The auto-trader screen (dashboard screen 8), read side: every user's open copies, paper and live,
// the live ones whose stop or take-profits are not on the exchange first; and the exposure per
// symbol. Positions come out in the trading core's own wire shape (position-dto), marked to the
// monitor's last price, with their owner — one query for the page, one for the marks.
import { z } from "zod";
import { db, Prisma } from "../db/client";
import { POSITION_SELECT, toPositionDtos } from "../trading/position-dto";
import { userIdsMatchingSql } from "../users/user-search";

const text = (max: number) => z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const ZOpenCopiesQuery = z.strictObject({
  /** paper: the paper engine; live: Binance testnet or mainnet. */
  mode: z.enum(["paper", "live"], { error: "must be paper or live" }).optional(),
  symbol: text(30).optional(),
  /** Part of the owner's email or username. */
  user: text(100).optional(),
  unprotected: z.boolean({ error: "must be true or false" }).optional(),
  page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(25),
});
export type TOpenCopiesQuery = z.infer<typeof ZOpenCopiesQuery>;

/**
 * The screen's filters as SQL over the open `positions p`. Raw rather than a Prisma where: Prisma
 * joins the owner in to search, and with a LIMIT the planner then walks the open copies in screen
 * order testing each owner — 15,000 owners read to find 25 for a term whose users hold older copies.
 */
function openCopiesFilterSql(query: TOpenCopiesQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`p.status = 'OPEN'`];
  if (query.mode === "paper") conditions.push(Prisma.sql`p.mode = 'PAPER'`);
  if (query.mode === "live") conditions.push(Prisma.sql`p.mode IN ('BINANCE_TESTNET', 'BINANCE_MAINNET')`);
  // Paper positions are always protected (nothing rests on an exchange).
  if (query.unprotected) conditions.push(Prisma.sql`NOT p.protected AND p.mode <> 'PAPER'`);
  if (query.symbol) conditions.push(Prisma.sql`p.symbol = ${query.symbol.toUpperCase().replace(/[^A-Z0-9]/g, "")}`);
  // The matching owners are the statement's `owners` (listOpenCopies): found first, on their own, so
  // a term of 3+ characters is a trigram-index probe rather than part of a join the planner reorders.
  if (query.user) conditions.push(Prisma.sql`p.user_id IN (SELECT id FROM owners)`);
  return Prisma.join(conditions, " AND ");
}

export async function listOpenCopies(query: TOpenCopiesQuery) {
  const filter = openCopiesFilterSql(query);
  // An owner search is matched once and its copies sorted (a few thousand at most); without one the
  // page is read in order from positions_open_copies_idx and the total counted apart.
  const matched = query.user ? Prisma.sql`MATERIALIZED` : Prisma.sql`NOT MATERIALIZED`;
  const owners = query.user ? Prisma.sql`owners AS MATERIALIZED (${userIdsMatchingSql(query.user)}),` : Prisma.empty;
  const [[found], unprotected] = await Promise.all([
    db().$queryRaw<{ ids: string[] | null; total: bigint }[]>`
      WITH ${owners} m AS ${matched} (SELECT p.id, p.protected, p.opened_at FROM positions p WHERE ${filter})
      SELECT (SELECT count(*) FROM m) AS total,
             (SELECT array_agg(page.id) FROM (SELECT m.id FROM m ORDER BY m.protected, m.opened_at DESC, m.id DESC
                                               LIMIT ${query.per_page} OFFSET ${(query.page - 1) * query.per_page}) AS page) AS ids`,
    db().position.count({ where: { status: "OPEN", protected: false, mode: { not: "PAPER" } } }),
  ]);
  const ids = found?.ids ?? [];
  const rows = ids.length ? await db().position.findMany({ where: { id: { in: ids } }, select: { ...POSITION_SELECT, user: { select: { email: true, username: true } } } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // False first is "unprotected live first"; the page keeps the order the statement chose.
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const dtos = await toPositionDtos(ordered);
  return {
    positions: dtos.map((p, i) => ({ ...p, live: p.mode !== "paper", owner: { email: ordered[i]!.user.email, username: ordered[i]!.user.username } })),
    unprotected_live: unprotected,
    page: query.page,
    per_page: query.per_page,
    total: Number(found?.total ?? 0),
  };
}

type TExposureRow = {
  symbol: string;
  live: boolean;
  positions: bigint;
  longs: bigint;
  shorts: bigint;
  unprotected: bigint;
  long_notional: Prisma.Decimal;
  short_notional: Prisma.Decimal;
  margin: Prisma.Decimal;
};

/**
 * Open exposure per symbol, paper and live apart: the notional still open (a position's notional ×
 * remaining / qty, so a partly closed copy counts what remains), long and short, and the margin.
 */
export async function exposureBySymbol(limit = 50) {
  const rows = await db().$queryRaw<TExposureRow[]>`
    SELECT symbol, (mode <> 'PAPER') AS live, count(*) AS positions,
      count(*) FILTER (WHERE direction = 'LONG') AS longs, count(*) FILTER (WHERE direction = 'SHORT') AS shorts,
      count(*) FILTER (WHERE NOT protected AND mode <> 'PAPER') AS unprotected,
      coalesce(sum(notional * remaining_qty / qty) FILTER (WHERE direction = 'LONG' AND qty > 0), 0) AS long_notional,
      coalesce(sum(notional * remaining_qty / qty) FILTER (WHERE direction = 'SHORT' AND qty > 0), 0) AS short_notional,
      coalesce(sum(margin), 0) AS margin
    FROM positions WHERE status = 'OPEN'
    GROUP BY symbol, (mode <> 'PAPER')
    ORDER BY (mode <> 'PAPER') DESC, coalesce(sum(notional * remaining_qty / NULLIF(qty, 0)), 0) DESC, symbol
    LIMIT ${limit}`;
  const usd = (d: Prisma.Decimal) => d.toDecimalPlaces(2).toFixed(2);
  return {
    symbols: rows.map((r) => ({
      symbol: r.symbol,
      mode: r.live ? ("live" as const) : ("paper" as const),
      positions: Number(r.positions),
      longs: Number(r.longs),
      shorts: Number(r.shorts),
      unprotected: Number(r.unprotected),
      long_notional: usd(r.long_notional),
      short_notional: usd(r.short_notional),
      net_notional: usd(r.long_notional.sub(r.short_notional)),
      gross_notional: usd(r.long_notional.add(r.short_notional)),
      margin: usd(r.margin),
    })),
  };
}
