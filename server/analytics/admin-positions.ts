// The auto-trader screen (dashboard screen 8), read side: every user's open copies, paper and live,
// the live ones whose stop or take-profits are not on the exchange first; and the exposure per
// symbol. Positions come out in the trading core's own wire shape (position-dto), marked to the
// monitor's last price, with their owner — one query for the page, one for the marks.
import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { likeLiteral } from "../db/like-literal";
import { POSITION_SELECT, toPositionDtos } from "../trading/position-dto";

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

const modeWhere = (mode: TOpenCopiesQuery["mode"]): Prisma.PositionWhereInput =>
  mode === "paper" ? { mode: "PAPER" } : mode === "live" ? { mode: { in: ["BINANCE_TESTNET", "BINANCE_MAINNET"] } } : {};

export async function listOpenCopies(query: TOpenCopiesQuery) {
  const where: Prisma.PositionWhereInput = {
    status: "OPEN",
    // Both may constrain the mode: AND them rather than let one spread overwrite the other.
    AND: [modeWhere(query.mode), query.unprotected ? { protected: false, mode: { not: "PAPER" } } : {}],
    ...(query.symbol ? { symbol: query.symbol.toUpperCase().replace(/[^A-Z0-9]/g, "") } : {}),
    ...(query.user
      ? { user: { OR: [{ email: { contains: likeLiteral(query.user), mode: "insensitive" } }, { username: { contains: likeLiteral(query.user), mode: "insensitive" } }] } }
      : {}),
  };
  const [rows, total, unprotected] = await db().$transaction([
    db().position.findMany({
      where,
      // Paper positions are always protected (nothing rests on an exchange): false first is "unprotected live first".
      orderBy: [{ protected: "asc" }, { openedAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
      select: { ...POSITION_SELECT, user: { select: { email: true, username: true } } },
    }),
    db().position.count({ where }),
    db().position.count({ where: { status: "OPEN", protected: false, mode: { not: "PAPER" } } }),
  ]);
  const dtos = await toPositionDtos(rows);
  return {
    positions: dtos.map((p, i) => ({ ...p, live: p.mode !== "paper", owner: { email: rows[i]!.user.email, username: rows[i]!.user.username } })),
    unprotected_live: unprotected,
    page: query.page,
    per_page: query.per_page,
    total,
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
