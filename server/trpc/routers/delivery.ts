// Telegram delivery for the dashboard: the outbox per chat, its messages, and an audited resend.
import { z } from "zod";
import { listDeliveryChats, listOutboxMessages, resendOutboxMessage, ZDeliveryChatsQuery, ZOutboxId, ZOutboxMessagesQuery } from "../../notifications/delivery-status";
import { adminProcedure, router } from "../init";

export const deliveryRouter = router({
  chats: adminProcedure.input(ZDeliveryChatsQuery).query(({ input }) => listDeliveryChats(input)),
  messages: adminProcedure.input(ZOutboxMessagesQuery).query(({ input }) => listOutboxMessages(input)),
  resend: adminProcedure.input(z.strictObject({ id: ZOutboxId })).mutation(({ ctx, input }) => resendOutboxMessage(ctx.user.id, input.id)),
});
