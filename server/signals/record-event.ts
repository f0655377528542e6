// Signal events (TP n hit, all TPs, stop loss, cancelled, closed) move a signal through its
// states and keep its realized profit % current. The same event twice changes nothing; an
// event that contradicts the state is refused with the reason. The signal row is locked for
// the decision, so two events racing on one signal are applied one after the other.
import { appendTrackRecord } from "../track-record/track-record";
import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { AppError, invalidInput, notFound } from "../errors";
import { enqueueOutbox, type TOutboxMessage } from "../notifications/outbox";
import { eventText } from "./telegram-text";
import { signalEventRecorded } from "../jobs/catalog";
import { announceSignalChange } from "./announce";
import { appendFeedEntry } from "./feed-log";
import { movePct, realizedPct } from "./profit";
import { ZPrice } from "./schemas";
import { EVENT_SELECT, SIGNAL_SELECT, type TEventRow, type TSignalRow } from "./signal-dto";

export const EVENT_TYPES = ["TP_HIT", "ALL_TP", "SL_HIT", "CANCELLED", "CLOSED"] as const;
export type TEventType = (typeof EVENT_TYPES)[number];


/** {signal_id, type: TP_HIT|ALL_TP|SL_HIT|CANCELLED|CLOSED, target?, price?}; "TP_HIT(2)" and "TP2" name the target too. */
export const ZSignalEventInput = z
  .object({
    signal_id: z.uuid({ error: "must be a signal id" }),
    type: z.string({ error: "must be TP_HIT, ALL_TP, SL_HIT, CANCELLED or CLOSED" }).max(20),
    target: z.number({ error: "must be a target number from 1 to 10" }).int("must be a whole number").min(1, "must be at least 1").max(10, "must be at most 10").optional(),
    price: ZPrice.optional(),
  })
  .transform((raw, ctx) => {
    const t = raw.type.trim().toUpperCase();
    const numbered = /^(?:TP_HIT\((\d{1,2})\)|TP(\d{1,2}))$/.exec(t);
    const type = numbered ? "TP_HIT" : t;
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      ctx.addIssue({ code: "custom", path: ["type"], message: "must be TP_HIT, ALL_TP, SL_HIT, CANCELLED or CLOSED" });
      return z.NEVER;
    }
    const target = numbered ? Number(numbered[1] ?? numbered[2]) : raw.target;
    if (type === "TP_HIT" && !target) {
      ctx.addIssue({ code: "custom", path: ["target"], message: "is required for TP_HIT (the target number)" });
      return z.NEVER;
    }
    return { signalId: raw.signal_id, type: type as TEventType, target: type === "TP_HIT" ? (target ?? null) : null, price: raw.price ?? null };
  });
export type TSignalEventInput = z.infer<typeof ZSignalEventInput>;

const TERMINAL = new Set(["HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"]);

type TTransition = {
  status: TSignalRow["status"];
  targetsHit: number;
  realized: Prisma.Decimal;
  eventProfit: Prisma.Decimal | null;
  closes: boolean;
};

/** The state after `input`, or the reason it cannot happen (pure, for the rules' tests). */
export function transition(s: TSignalRow, input: Pick<TSignalEventInput, "type" | "target" | "price">): TTransition {
  const prices = { direction: s.direction, entryLow: s.entryLow, entryHigh: s.entryHigh, targets: s.targets, stopLoss: s.stopLoss, leverage: s.leverage };
  const n = s.targets.length;
  if (TERMINAL.has(s.status)) {
    throw new AppError("CONFLICT", `Signal is already closed (${s.status}); no further events are accepted`, { extra: { status: s.status } });
  }
  switch (input.type) {
    case "TP_HIT": {
      const k = input.target!;
      if (k > n) throw invalidInput("target", `this signal has only ${n} target${n === 1 ? "" : "s"}`);
      if (k <= s.targetsHit) throw new AppError("CONFLICT", `Target ${s.targetsHit} was already reached; target ${k} comes too late`);
      const all = k === n;
      return { status: all ? "HIT_TP" : "TP_PARTIAL", targetsHit: k, realized: realizedPct(prices, k), eventProfit: movePct(prices, s.targets[k - 1]!), closes: all };
    }
    case "ALL_TP": {
      const realized = realizedPct(prices, n);
      return { status: "HIT_TP", targetsHit: n, realized, eventProfit: realized, closes: true };
    }
    case "SL_HIT": {
      const exit = input.price ?? s.stopLoss;
      return { status: "HIT_SL", targetsHit: s.targetsHit, realized: realizedPct(prices, s.targetsHit, exit), eventProfit: movePct(prices, exit), closes: true };
    }
    case "CANCELLED":
    case "CLOSED": {
      // Without a price, what is still open leaves at the entry (no gain, no loss).
      const exit = input.price ?? undefined;
      const realized = realizedPct(prices, s.targetsHit, exit ?? prices.entryLow.plus(prices.entryHigh).div(2));
      return { status: input.type, targetsHit: s.targetsHit, realized, eventProfit: input.type === "CLOSED" ? realized : null, closes: true };
    }
  }
}

const dedupeKeyOf = (input: Pick<TSignalEventInput, "type" | "target">) => (input.type === "TP_HIT" ? `TP_HIT:${input.target}` : input.type);

export async function recordSignalEvent(input: TSignalEventInput): Promise<{ signal: TSignalRow; event: TEventRow; created: boolean }> {
  const result = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM signals WHERE id = ${input.signalId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFound("Signal");
    const signal = await tx.signal.findUniqueOrThrow({ where: { id: input.signalId }, select: SIGNAL_SELECT });
    const dedupeKey = dedupeKeyOf(input);
    const seen = await tx.signalEvent.findUnique({ where: { signalId_dedupeKey: { signalId: signal.id, dedupeKey } }, select: EVENT_SELECT });
    if (seen) return { signal, event: seen, created: false };

    const next = transition(signal, input);
    const closedAt = new Date();
    const updated = await tx.signal.update({
      where: { id: signal.id },
      data: {
        status: next.status,
        targetsHit: next.targetsHit,
        realizedProfitPct: next.realized,
        ...(next.closes ? { closedAt } : {}),
      },
      select: SIGNAL_SELECT,
    });
    const event = await tx.signalEvent.create({
      data: {
        signalId: signal.id,
        type: input.type,
        targetIndex: input.target,
        price: input.price,
        profitPct: next.eventProfit?.toDecimalPlaces(4),
        dedupeKey,
      },
      select: EVENT_SELECT,
    });
    await appendFeedEntry(tx, { kind: "signal_event", signalId: signal.id, eventId: event.id });
    await appendTrackRecord(tx, updated, event, closedAt, next.closes);
    await enqueueOutbox(tx, eventMessages(updated, event));
    return { signal: updated, event, created: true };
  });
  if (result.created) {
    await announceSignalChange(
      signalEventRecorded.create({ signalId: result.signal.id, eventId: result.event.id, type: result.event.type }, { id: `signal-event-${result.event.id}` }),
    );
  }
  return result;
}

/** Results go to both groups; wins and stop-losses also alert the admin chat (SPEC §9). */
function eventMessages(signal: TSignalRow, event: TEventRow): TOutboxMessage[] {
  const body = eventText({ symbol: signal.symbol, type: event.type, targetIndex: event.targetIndex, profitPct: event.profitPct?.toFixed(2) ?? null });
  const key = `signal-event:${event.id}`;
  const messages: TOutboxMessage[] = [
    { audience: "vip", kind: "signal_event", body, dedupeKey: key },
    { audience: "trial", kind: "signal_event", body, dedupeKey: key },
  ];
  if (signal.status === "HIT_TP" || signal.status === "HIT_SL") {
    const verdict = signal.status === "HIT_TP" ? "✅ Signal win" : "⛔️ Stop-loss";
    messages.push({ audience: "admin", kind: "signal_result", body: `${verdict}: ${body}\nRealized: ${signal.realizedProfitPct.toFixed(2)}%`, dedupeKey: key });
  }
  return messages;
}
