// The outbox's Telegram transport, from configuration. Without a bot token delivery is off:
// messages wait in the outbox (and /api/health shows the backlog) until one is configured.
// At the root of server/ because it joins three folders — notifications' outbox, telegram's sender
// and membership's bot calls — and membership itself writes to the outbox: inside notifications/
// it made a notifications <-> membership cycle (npm run lint:graph).
import { env } from "./env";
import { REMOVAL_KIND } from "./membership/bot-calls";
import { fillInviteLinks } from "./membership/invite-links";
import { recordBotCallResult } from "./membership/results";
import { createTelegramSender, type TTelegramSender } from "./telegram/sender";
import { deliverOutbox, type TDeliverOptions, type TDeliveryReport, type TTransport } from "./notifications/deliver-outbox";

export async function deliverTelegramOutbox(options: TDeliverOptions = {}): Promise<TDeliveryReport | { skipped: string }> {
  const { TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT } = env();
  if (!TELEGRAM_BOT_TOKEN) return { skipped: "telegram delivery is off (no TELEGRAM_BOT_TOKEN)" };
  return deliverOutbox(telegramTransport(createTelegramSender({ token: TELEGRAM_BOT_TOKEN, apiRoot: TELEGRAM_API_ROOT })), options);
}

export function telegramTransport(sender: TTelegramSender): TTransport {
  return {
    send: (chatId, html) => sender.sendMessage(chatId, html),
    async call(method, params) {
      if (typeof params.text !== "string") return sender.call(method, params);
      const text = await fillInviteLinks(params.text);
      // The group's link is being made (its call is queued): this message waits, with backoff.
      if (text === null) return { ok: false, permanent: false, error: "waiting for the group's invite link" };
      return sender.call(method, { ...params, text });
    },
    onResult: (row, result) => recordBotCallResult(row, result),
    // A removal refused (bot not an admin yet, user unknown) is recorded and tried again later.
    retryRefusedKinds: [REMOVAL_KIND],
  };
}
