// The outbox's Telegram transport, from configuration. Without a bot token delivery is off:
// messages wait in the outbox (and /api/health shows the backlog) until one is configured.
import { env } from "../env";
import { createTelegramSender } from "../telegram/sender";
import { deliverOutbox, type TDeliverOptions, type TDeliveryReport } from "./deliver-outbox";

export async function deliverTelegramOutbox(options: TDeliverOptions = {}): Promise<TDeliveryReport | { skipped: string }> {
  const { TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT } = env();
  if (!TELEGRAM_BOT_TOKEN) return { skipped: "telegram delivery is off (no TELEGRAM_BOT_TOKEN)" };
  const sender = createTelegramSender({ token: TELEGRAM_BOT_TOKEN, apiRoot: TELEGRAM_API_ROOT });
  return deliverOutbox((chatId, html) => sender.sendMessage(chatId, html), options);
}
