// Signals for the dashboard: the same schemas and services as POST /api/signals, GET
// /api/admin/signals and POST /api/signal-events. `preview` runs the same parse and the same
// Telegram formatter as creation, so the operator sees exactly what each group will get.
import { z } from "zod";
import { listAdminSignals, ZAdminSignalsQuery } from "../../analytics/admin-signals";
import { getCopyReport, ZCopyReportInput } from "../../analytics/copy-report";
import { createSignal } from "../../signals/create-signal";
import { getSignal } from "../../signals/list-signals";
import { recordSignalEvent, ZSignalEventInput } from "../../signals/record-event";
import { ZSignalInput } from "../../signals/schemas";
import { toEventDto, toSignalDto } from "../../signals/signal-dto";
import { trialTeaserText, vipSignalText } from "../../signals/telegram-text";
import { adminProcedure, router } from "../init";

export const signalsRouter = router({
  list: adminProcedure.input(ZAdminSignalsQuery).query(({ input }) => listAdminSignals(input)),
  get: adminProcedure.input(z.object({ id: z.string().max(100) })).query(({ ctx, input }) => getSignal(input.id, ctx.user)),
  preview: adminProcedure.input(ZSignalInput).query(({ input }) => ({ vip: vipSignalText(input), trial: trialTeaserText(input) })),
  create: adminProcedure.input(ZSignalInput).mutation(async ({ ctx, input }) => {
    const { signal } = await createSignal(input, "ADMIN", ctx.user.id);
    return { message: "✅ Signal broadcasted successfully", signal: toSignalDto(signal) };
  }),
  event: adminProcedure.input(ZSignalEventInput).mutation(async ({ input }) => {
    const { signal, event, created } = await recordSignalEvent(input);
    return { created, event: toEventDto(event), signal: toSignalDto(signal) };
  }),
  /** What the auto-trader made of the signal: copies opened, skipped and why, latency and slippage. */
  copyReport: adminProcedure.input(ZCopyReportInput).query(({ input }) => getCopyReport(input.signal_id)),
});
