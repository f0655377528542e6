// Plans and payments for the dashboard (and any tRPC client): the same services as REST.
import { z } from "zod";
import { paymentTotals, ZPaymentTotalsQuery } from "../../analytics/payment-totals";
import { getPaymentForViewer, listMyPayments, listPayments } from "../../payments/get-payment";
import { initiatePayment } from "../../payments/initiate-payment";
import { assignTransfer, listIncomingTransfers, ZAssignTransferInput, ZTransferListQuery } from "../../payments/incoming-transfers";
import { createInvoice, getInvoice, listMyInvoices } from "../../payments/invoices";
import { toPaymentStatusDto } from "../../payments/payment-dto";
import { rejectPaymentByHash, verifyPaymentByHash } from "../../payments/review-payment";
import { ZInitiatePaymentInput, ZInvoiceInput, ZPaymentListQuery, ZRejectPaymentInput, ZVerifyPaymentInput } from "../../payments/schemas";
import { listPlans } from "../../subscriptions/plans";
import { adminProcedure, protectedProcedure, publicProcedure, router } from "../init";

export const paymentsRouter = router({
  plans: publicProcedure.query(() => listPlans()),
  initiate: publicProcedure.input(ZInitiatePaymentInput).mutation(async ({ ctx, input }) => {
    const payment = await initiatePayment(input, ctx);
    return { ...toPaymentStatusDto(payment), tx_hash: payment.txHash };
  }),
  invoice: protectedProcedure.input(ZInvoiceInput).mutation(({ ctx, input }) => createInvoice(ctx.user.id, input.plan)),
  invoiceById: protectedProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => getInvoice(input.id, ctx.user)),
  myInvoices: protectedProcedure.query(({ ctx }) => listMyInvoices(ctx.user.id)),
  transfers: adminProcedure.input(ZTransferListQuery).query(({ input }) => listIncomingTransfers(input)),
  assignTransfer: adminProcedure.input(ZAssignTransferInput).mutation(({ ctx, input }) => assignTransfer(ctx.user, input)),
  byId: publicProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => getPaymentForViewer(input.id, ctx.user)),
  mine: protectedProcedure.query(({ ctx }) => listMyPayments(ctx.user.id)),
  list: adminProcedure.input(ZPaymentListQuery).query(({ input }) => listPayments(input)),
  totals: adminProcedure.input(ZPaymentTotalsQuery).query(({ input }) => paymentTotals(input)),
  verify: adminProcedure.input(ZVerifyPaymentInput).mutation(({ ctx, input }) => verifyPaymentByHash(ctx.user, input.tx_hash)),
  reject: adminProcedure.input(ZRejectPaymentInput).mutation(({ ctx, input }) => rejectPaymentByHash(ctx.user, input.tx_hash, input.reason)),
});
