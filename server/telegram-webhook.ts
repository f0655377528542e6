// An update Telegram posts to our webhook: verify the secret token, take channel posts (to signals);
// private messages, join requests and member changes go to membership. At the root of server/, like
// startup.ts (which wires the long-polling path to the same two handlers): it sits above both domains.
import { z } from "zod";
import { safeEqual } from "./crypto/safe-equal";
import { env } from "./env";
import { AppError } from "./errors";
import { parseJsonText } from "./lib/parse-json-text";
import { handleMembershipUpdate } from "./membership/updates";
import { nudgeOutbox } from "./notifications/nudge-outbox";
import { ingestChannelPost } from "./signals/ingest-channel-post";

const ZUpdate = z.object({
  update_id: z.number(),
  channel_post: z
    .object({
      message_id: z.number(),
      chat: z.object({ id: z.union([z.number(), z.string()]), username: z.string().optional() }),
      text: z.string().optional(),
      caption: z.string().optional(),
      reply_to_message: z.object({ message_id: z.number() }).optional(),
    })
    .optional(),
});

export async function receiveTelegramUpdate(secretHeader: string | null, rawBody: string): Promise<void> {
  const secret = env().TELEGRAM_WEBHOOK_SECRET;
  if (!secret || !safeEqual(secretHeader, secret)) {
    throw new AppError("UNAUTHORIZED", "Missing or wrong X-Telegram-Bot-Api-Secret-Token");
  }
  const raw = parseJsonText(rawBody);
  const update = ZUpdate.parse(raw);
  if (isMembershipUpdate(raw)) return handleMembershipUpdateNow(raw);
  const post = update.channel_post;
  const text = post?.text ?? post?.caption;
  if (!post || !text) return; // other update kinds, and posts without text, are not ours
  await ingestChannelPost({
    chatId: String(post.chat.id),
    chatUsername: post.chat.username ?? null,
    messageId: post.message_id,
    text,
    replyToMessageId: post.reply_to_message?.message_id ?? null,
  });
}

/** Membership's answer (a DM, an approval) is queued in the outbox: delivery starts now, not at the next sweep. */
export async function handleMembershipUpdateNow(raw: unknown): Promise<void> {
  if (await handleMembershipUpdate(raw)) await nudgeOutbox();
}

export function isMembershipUpdate(update: unknown): boolean {
  return typeof update === "object" && update !== null && ["message", "chat_join_request", "chat_member"].some((k) => k in update);
}
