// Long polling for local runs (production receives the same updates through the webhook route):
// new posts of the configured channel reach onPost (edits are ignored); private messages, join
// requests and member changes reach onUpdate as the raw update, as the webhook would pass them.
import { Bot, type BotError } from "grammy";
import { logger } from "../logger";
import { ALLOWED_UPDATES } from "./webhook-registration";

export type TChannelPost = { chatId: string; chatUsername: string | null; messageId: number; text: string; replyToMessageId: number | null; date: Date };

export type TChannelPollerOptions = {
  token: string;
  apiRoot?: string;
  /** Numeric id ("-100…") or "@username" of the channel; other chats are ignored. */
  channelId?: string | undefined;
  onPost: (post: TChannelPost) => Promise<void>;
  /** message, chat_join_request and chat_member updates; without it they are not asked for. */
  onUpdate?: (update: unknown) => Promise<void>;
  /** Seconds each getUpdates long poll may be held open by the server. */
  pollTimeoutSeconds?: number;
};

export type TChannelPoller = { stop(): Promise<void> };

export function startChannelPoller(options: TChannelPollerOptions): TChannelPoller {
  const { token, apiRoot, channelId, onPost, onUpdate, pollTimeoutSeconds = 30 } = options;
  // The client timeout must outlast a held long poll, or every quiet poll would end as an error.
  const bot = new Bot(token, { client: { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: pollTimeoutSeconds + 15 } });
  const redact = (error: unknown) => (error instanceof Error ? error.message : String(error)).replaceAll(token, "[token]");

  if (onUpdate) bot.on(["message", "chat_join_request", "chat_member"], (ctx) => onUpdate(ctx.update));
  bot.on("channel_post", async (ctx) => {
    if (!channelId) return;
    const post = ctx.channelPost;
    const username = "username" in post.chat && post.chat.username ? `@${post.chat.username}` : null;
    if (String(post.chat.id) !== channelId && username !== channelId) return;
    const text = post.text ?? post.caption;
    if (text === undefined) return;
    await onPost({
      chatId: String(post.chat.id),
      chatUsername: "username" in post.chat && post.chat.username ? post.chat.username : null,
      messageId: post.message_id,
      text,
      replyToMessageId: post.reply_to_message?.message_id ?? null,
      date: new Date(post.date * 1000),
    });
  });
  // A failing onPost is logged and polling goes on; that update is not delivered again.
  bot.catch((err: BotError) => {
    logger.error("telegram channel post handler failed", { updateId: err.ctx.update.update_id, error: redact(err.error) });
  });

  // getMe gets our own abort signal: grammy retries it forever while the API is unreachable.
  const aborter = new AbortController();
  let stopping = false;
  const running = (async () => {
    // grammy's Node build types signals as the abort-controller shim; it only calls addEventListener.
    await bot.init(aborter.signal as unknown as Parameters<Bot["init"]>[0]);
    if (stopping) return;
    await bot.start({ drop_pending_updates: false, allowed_updates: onUpdate ? [...ALLOWED_UPDATES] : ["channel_post"], timeout: pollTimeoutSeconds });
  })().catch((error: unknown) => {
    if (!stopping) logger.error("telegram channel poller stopped", { error: redact(error) });
  });

  return {
    async stop() {
      stopping = true;
      aborter.abort();
      // bot.stop() cancels the pending getUpdates, then confirms the last offset with one more call.
      if (bot.isRunning()) {
        await bot.stop().catch((error: unknown) => logger.warn("telegram poller: confirming the offset failed", { error: redact(error) }));
      }
      await running;
    },
  };
}
