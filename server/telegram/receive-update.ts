// An update Telegram posts to our webhook: verify the secret token, take channel posts.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env";
import { AppError } from "../errors";
import { ingestChannelPost } from "../signals/ingest-channel-post";

const ZUpdate = z.object({
  update_id: z.number(),
  channel_post: z
    .object({
      message_id: z.number(),
      chat: z.object({ id: z.union([z.number(), z.string()]) }),
      text: z.string().optional(),
      caption: z.string().optional(),
      reply_to_message: z.object({ message_id: z.number() }).optional(),
    })
    .optional(),
});

export async function receiveTelegramUpdate(secretHeader: string | null, rawBody: string): Promise<void> {
  const secret = env().TELEGRAM_WEBHOOK_SECRET;
  const given = Buffer.from(secretHeader ?? "");
  if (!secret || given.length !== Buffer.byteLength(secret) || !timingSafeEqual(given, Buffer.from(secret))) {
    throw new AppError("UNAUTHORIZED", "Missing or wrong X-Telegram-Bot-Api-Secret-Token");
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("INVALID_JSON", "Update is not valid JSON");
  }
  const update = ZUpdate.parse(json);
  const post = update.channel_post;
  const text = post?.text ?? post?.caption;
  if (!post || !text) return; // other update kinds, and posts without text, are not ours
  await ingestChannelPost({
    chatId: String(post.chat.id),
    messageId: post.message_id,
    text,
    replyToMessageId: post.reply_to_message?.message_id ?? null,
  });
}
