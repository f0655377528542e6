// A post in the operator's source channel (webhook or long polling) becomes a signal or an
// event. Events attach to the signal they reply to, else to the latest open signal of their
// symbol. Whatever cannot be used is kept with the reason for the admin — never dropped.
import { db } from "../db/client";
import { env } from "../env";
import { toAppError } from "../errors";
import { logger } from "../logger";
import { parseChannelMessage } from "../telegram/channel-parser";
import { createSignal } from "./create-signal";
import { recordSignalEvent } from "./record-event";
import { priceOrderViolation } from "./schemas";

export type TChannelPost = { chatId: string; chatUsername?: string | null; messageId: number; text: string; replyToMessageId: number | null };

/** SIGNAL_CHANNEL_ID is the numeric chat id or the channel's @username. */
export function isSignalChannel(post: Pick<TChannelPost, "chatId" | "chatUsername">, channel: string | undefined): boolean {
  if (!channel) return false;
  if (post.chatId === channel) return true;
  return !!post.chatUsername && channel.toLowerCase() === `@${post.chatUsername.toLowerCase()}`;
}

export type TIngestResult =
  | { kind: "signal"; signalId: string; created: boolean }
  | { kind: "event"; signalId: string; eventId: string; created: boolean }
  | { kind: "ignored"; reason: string }
  | { kind: "unparsed"; reason: string };

const externalId = (chatId: string, messageId: number) => `${chatId}:${messageId}`;

export async function ingestChannelPost(post: TChannelPost): Promise<TIngestResult> {
  if (!isSignalChannel(post, env().SIGNAL_CHANNEL_ID)) return { kind: "ignored", reason: "not the signal channel" };

  const parsed = parseChannelMessage(post.text);
  switch (parsed.kind) {
    case "ignored":
      logger.info("channel post ignored", { messageId: post.messageId, reason: parsed.reason });
      return parsed;
    case "unparsed":
      return keepUnparsed(post, parsed.reason);
    case "signal": {
      const draft = {
        symbol: parsed.symbol,
        direction: parsed.direction,
        entryLow: parsed.entryLow,
        entryHigh: parsed.entryHigh,
        targets: parsed.targets,
        stopLoss: parsed.stopLoss,
        leverage: parsed.leverage ?? 1,
        confidence: null,
        confidenceLabel: null,
        tradeType: "FUTURES" as const,
        duration: "SHORT" as const,
        externalId: externalId(post.chatId, post.messageId),
      };
      const broken = priceOrderViolation(draft);
      if (broken) return keepUnparsed(post, `${broken.field} ${broken.message}`);
      const { signal, created } = await createSignal(draft, "TELEGRAM");
      return { kind: "signal", signalId: signal.id, created };
    }
    case "event": {
      const signalId = await findSignalFor(post, parsed.symbol);
      if (!signalId) {
        return keepUnparsed(post, parsed.symbol ? `no open signal for ${parsed.symbol} to attach this ${parsed.type} to` : `a ${parsed.type} that names no symbol and replies to no known signal`);
      }
      try {
        const { event, created } = await recordSignalEvent({ signalId, type: parsed.type, target: parsed.target, price: null });
        return { kind: "event", signalId, eventId: event.id, created };
      } catch (err) {
        const app = toAppError(err);
        if (app.code === "INTERNAL") throw err;
        return keepUnparsed(post, `event refused: ${app.message}`);
      }
    }
  }
}

async function findSignalFor(post: TChannelPost, symbol: string | null): Promise<string | null> {
  if (post.replyToMessageId !== null) {
    const replied = await db().signal.findUnique({
      where: { source_externalId: { source: "TELEGRAM", externalId: externalId(post.chatId, post.replyToMessageId) } },
      select: { id: true },
    });
    if (replied) return replied.id;
  }
  if (!symbol) return null;
  const open = await db().signal.findFirst({
    where: { symbol, status: { in: ["OPEN", "TP_PARTIAL"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return open?.id ?? null;
}

async function keepUnparsed(post: TChannelPost, reason: string): Promise<TIngestResult> {
  logger.warn("channel post not used", { messageId: post.messageId, reason });
  await db().unparsedMessage.upsert({
    where: { chatId_messageId: { chatId: post.chatId, messageId: String(post.messageId) } },
    create: { chatId: post.chatId, messageId: String(post.messageId), text: post.text.slice(0, 4096), reason },
    update: { text: post.text.slice(0, 4096), reason },
  });
  return { kind: "unparsed", reason };
}
