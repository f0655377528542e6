// The feed: newest first, a page at a time by cursor, shaped for the viewer's plan.
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import { normalizeSymbol } from "../lib/symbol";
import { EVENT_SELECT, SIGNAL_SELECT, toEventDto, toSignalDto, unlocksAt, type TSignalRow, type TViewer } from "./signal-dto";

export const ZListSignalsQuery = z.object({
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
  cursor: z.string().max(200).optional(),
  symbol: z.string().max(40).optional(),
  status: z.enum(["OPEN", "TP_PARTIAL", "HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"], { error: "must be a signal status" }).optional(),
});
export type TListSignalsQuery = z.infer<typeof ZListSignalsQuery>;

// The cursor is the last item's (created_at, id): stable while new signals arrive on top.
const encodeCursor = (s: TSignalRow) => Buffer.from(`${s.createdAt.toISOString()}|${s.id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new AppError("INVALID_INPUT", "cursor: is not a cursor this API gave out", { field: "cursor" });
  }
  return { createdAt, id };
}

export function shapeForViewer(viewer: TViewer, now = new Date()) {
  const delay = env().TRIAL_FEED_DELAY_MINUTES;
  return (s: TSignalRow) => toSignalDto(s, unlocksAt(s, viewer, delay, now));
}

export async function listSignals(query: TListSignalsQuery, viewer: TViewer) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db().signal.findMany({
    where: {
      ...(query.symbol ? { symbol: normalizeSymbol(query.symbol) ?? query.symbol.toUpperCase() } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: SIGNAL_SELECT,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    signals: page.map(shapeForViewer(viewer)),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

export async function getSignal(id: string, viewer: TViewer) {
  if (!z.uuid().safeParse(id).success) throw notFound("Signal");
  const signal = await db().signal.findUnique({ where: { id }, select: SIGNAL_SELECT });
  if (!signal) throw notFound("Signal");
  const events = await db().signalEvent.findMany({ where: { signalId: id }, orderBy: { createdAt: "asc" }, select: EVENT_SELECT });
  return { signal: shapeForViewer(viewer)(signal), events: events.map(toEventDto) };
}
