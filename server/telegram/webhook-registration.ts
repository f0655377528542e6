// Tells Telegram where to post updates (webhook mode: TELEGRAM_WEBHOOK_SECRET set). The update
// types are named explicitly: Telegram's default leaves out chat_member, which membership needs
// to know who joined or left the groups, and a setWebhook without the list keeps whatever an
// earlier call set.
import { Api } from "grammy";
import { classifySendError } from "./sender";

/** Everything the platform handles: channel posts (signals), /start, join requests, member changes. */
export const ALLOWED_UPDATES = ["channel_post", "message", "chat_join_request", "chat_member"] as const;

export type TWebhookRegistration = { token: string; apiRoot?: string; appUrl: string; secretToken: string };

export const webhookUrl = (appUrl: string) => `${appUrl.replace(/\/$/, "")}/api/telegram/webhook`;

export async function registerTelegramWebhook({ token, apiRoot, appUrl, secretToken }: TWebhookRegistration): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  const api = new Api(token, { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: 10 });
  const url = webhookUrl(appUrl);
  try {
    await api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    return { ok: true, url };
  } catch (error) {
    return { ok: false, error: classifySendError(error, token).error };
  }
}
