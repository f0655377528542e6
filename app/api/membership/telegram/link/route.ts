// "Connect Telegram": a one-time deep link to the bot for the signed-in user.
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { createTelegramLink } from "@/server/membership/link-telegram";

export const POST = route({ auth: "user" }, async ({ user }) => createTelegramLink(user.id));
export const OPTIONS = preflightResponse;
