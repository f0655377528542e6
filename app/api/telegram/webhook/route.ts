// Telegram's webhook for the source channel, checked with the secret-token header.
import { readRawBody } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { receiveTelegramUpdate } from "@/server/telegram-webhook";

export const POST = route({ auth: "public" }, async ({ req }) => {
  await receiveTelegramUpdate(req.headers.get("x-telegram-bot-api-secret-token"), await readRawBody(req));
  return { ok: true };
});
