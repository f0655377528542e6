// Writing to the outbox: called inside the transaction of the change being announced, so a
// message exists exactly when its change does. Delivery is deliver-outbox.ts's job.
import { enqueueOutboxPushes } from "./enqueue-pushes";
import { env } from "../env";
import type { Prisma, TTx } from "../db/client";

export type TAudience = "trial" | "vip" | "admin";

export type TOutboxMessage = {
  audience: TAudience;
  kind: string;
  body: string;
  /** Same key → one message, whatever retries or replays happen. */
  dedupeKey: string;
  payload?: Prisma.InputJsonObject;
  /** Not delivered before this time (a hold, e.g. a new signal waiting for the auto-trader). */
  notBefore?: Date;
};

export function chatFor(audience: TAudience): string | undefined {
  const config = env();
  return { trial: config.TRIAL_CHAT_ID, vip: config.VIP_CHAT_ID, admin: config.ADMIN_CHAT_ID }[audience];
}

/** Queues the messages whose chat is configured (and their pushes); returns how many messages were new. */
export async function enqueueOutbox(tx: TTx, messages: TOutboxMessage[]): Promise<number> {
  await enqueueOutboxPushes(tx, messages);
  const rows = messages.flatMap((m) => {
    const target = chatFor(m.audience);
    return target
      ? [{ target, kind: m.kind, body: m.body, payload: m.payload ?? {}, dedupeKey: `${m.dedupeKey}:${m.audience}`, ...(m.notBefore ? { nextAttemptAt: m.notBefore } : {}) }]
      : [];
  });
  if (rows.length === 0) return 0;
  const { count } = await tx.outboxMessage.createMany({ data: rows, skipDuplicates: true });
  return count;
}

/** A Bot API call other than a broadcast: a DM, or a group action (ban, approve, getChatMember…). */
export type TBotCall = {
  /** The queue it waits in: calls with the same target go one at a time, in order, ≥ 1 s apart. */
  target: string;
  method: string;
  params: Prisma.InputJsonObject;
  kind: string;
  /** Same key → one call, whatever retries, replays or concurrent jobs happen. */
  dedupeKey: string;
};

/** Queues Bot API calls (in the caller's transaction); returns how many were new. */
export async function enqueueBotCalls(tx: TTx, calls: TBotCall[]): Promise<number> {
  if (calls.length === 0) return 0;
  // One statement over arrays: Prisma's createMany spends seconds building thousands of JSON rows.
  return tx.$executeRaw`
    INSERT INTO outbox_messages (target, kind, method, params, body, dedupe_key)
    SELECT target, kind, method, params::jsonb, method, dedupe_key
    FROM unnest(${calls.map((c) => c.target)}::text[], ${calls.map((c) => c.kind)}::text[], ${calls.map((c) => c.method)}::text[],
                ${calls.map((c) => JSON.stringify(c.params))}::text[], ${calls.map((c) => c.dedupeKey)}::text[])
      AS c(target, kind, method, params, dedupe_key)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
