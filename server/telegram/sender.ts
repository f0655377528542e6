// The only code that sends Telegram messages. It never retries and never throws: the outbox owns
// retries, so each failure is reported once, classified as transient or permanent.
import { Api, GrammyError, HttpError } from "grammy";

export type TSendResult =
  | { ok: true; messageId: number }
  | { ok: false; permanent: boolean; retryAfterSeconds?: number; error: string };

export type TCallResult = { ok: true; result: unknown } | Extract<TSendResult, { ok: false }>;

export type TTelegramSender = {
  sendMessage(chatId: string, html: string): Promise<TSendResult>;
  /** Any other Bot API method (banChatMember, approveChatJoinRequest…), with its JSON parameters. */
  call(method: string, params: Record<string, unknown>): Promise<TCallResult>;
};

export type TTelegramSenderOptions = {
  token: string;
  /** Bot API base URL without a trailing slash; Telegram's own when omitted. */
  apiRoot?: string;
  /** A request still unanswered after this long is abandoned and reported as transient. */
  timeoutSeconds?: number;
};

export function createTelegramSender({ token, apiRoot, timeoutSeconds = 10 }: TTelegramSenderOptions): TTelegramSender {
  const api = new Api(token, { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds });
  return {
    async sendMessage(chatId, html) {
      try {
        const message = await api.sendMessage(chatId, html, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
        });
        return { ok: true, messageId: message.message_id };
      } catch (error) {
        return classifySendError(error, token);
      }
    },
    async call(method, params) {
      const raw = api.raw as unknown as Record<string, ((p: Record<string, unknown>) => Promise<unknown>) | undefined>;
      const fn = raw[method];
      if (!fn) return { ok: false, permanent: true, error: `unknown Bot API method ${method}` };
      try {
        return { ok: true, result: await fn(params) };
      } catch (error) {
        return classifySendError(error, token);
      }
    },
  };
}

/**
 * 429 and 5xx are transient (429 with Telegram's retry_after); 400 (chat not found, bad HTML) and
 * 403 (bot blocked or removed) will fail again for this message and chat, so they are permanent.
 * Anything else (401 bad token, 404 wrong API root, network errors, timeouts) is a setup or
 * connectivity problem that a later attempt may not have.
 */
export function classifySendError(error: unknown, token: string): Extract<TSendResult, { ok: false }> {
  if (error instanceof GrammyError) {
    const text = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const retryAfter = error.parameters.retry_after;
      return { ok: false, permanent: false, error: text, ...(typeof retryAfter === "number" ? { retryAfterSeconds: retryAfter } : {}) };
    }
    return { ok: false, permanent: error.error_code === 400 || error.error_code === 403, error: text };
  }
  // node-fetch puts the request URL, token included, into its message: strip the token.
  const cause = error instanceof HttpError ? error.error : error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const prefix = error instanceof HttpError ? `${error.message} ` : "";
  return { ok: false, permanent: false, error: `${prefix}${detail}`.replaceAll(token, "[token]") };
}

