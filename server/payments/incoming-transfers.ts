// The admin's view of what arrived at our address: transfers the watcher could not give to an
// invoice (UNMATCHED: an amount no invoice holds) or left for a person (REVIEW: underpaid, late,
// a second transfer). An admin assigns one to a user's plan: a payment is created for it and
// confirmed by the admin, in one transaction with the transfer locked — once.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { TAuthUser } from "../auth/authenticate";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { confirmPaymentIn } from "./confirm-payment";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { toPaymentDto } from "./payment-dto";
import { ZPaidPlan, ZTxHash } from "./schemas";

export const ZTransferListQuery = z.object({
  status: z.enum(["MATCHED", "REVIEW", "UNMATCHED", "ASSIGNED"], { error: "must be MATCHED, REVIEW, UNMATCHED or ASSIGNED" }).optional(),
  page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
});
export const ZAssignTransferInput = z.object({
  tx_id: ZTxHash,
  user_id: z.number({ error: "must be a user id" }).int("must be a user id").positive("must be a user id").max(2_147_483_647, "must be a user id"),
  plan: ZPaidPlan,
});

export async function listIncomingTransfers(query: z.infer<typeof ZTransferListQuery>) {
  const where = query.status ? { status: query.status } : {};
  const [rows, total] = await db().$transaction([
    db().incomingTransfer.findMany({
      where,
      orderBy: { blockTime: "desc" },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
      include: { invoice: { select: { userId: true, plan: true, amount: true } } },
    }),
    db().incomingTransfer.count({ where }),
  ]);
  const transfers = rows.map((t) => ({
    tx_id: t.txId,
    from: t.fromAddress,
    amount: t.amount.toString(),
    block_time: t.blockTime.toISOString(),
    status: t.status,
    reason: t.reason,
    invoice_id: t.invoiceId,
    invoice_user_id: t.invoice?.userId ?? null,
    invoice_amount: t.invoice?.amount.toString() ?? null,
    assigned_by_id: t.assignedById,
  }));
  return { transfers, page: query.page, per_page: query.per_page, total };
}

export async function assignTransfer(admin: TAuthUser, input: z.infer<typeof ZAssignTransferInput>) {
  const payment = await db().$transaction(async (tx) => {
    const [transfer] = await tx.$queryRaw<{ status: string; amount: string; blockTime: Date }[]>`
      SELECT status::text AS status, amount::text AS amount, block_time AS "blockTime" FROM incoming_transfers WHERE tx_id = ${input.tx_id} FOR UPDATE`;
    if (!transfer) throw notFound("Incoming transfer");
    if (transfer.status !== "UNMATCHED" && transfer.status !== "REVIEW") {
      throw new AppError("CONFLICT", `This transfer is ${transfer.status}: only an unmatched or reviewed transfer can be assigned`, { extra: { status: transfer.status } });
    }
    const user = await tx.user.findUnique({ where: { id: input.user_id }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", "No user with this id", { field: "user_id" });
    const mine = await tx.payment.findUnique({ where: { txHash_userId: { txHash: input.tx_id, userId: user.id } }, select: { id: true, status: true } });
    const id = mine?.id ?? randomUUID();
    if (!mine) {
      await tx.payment.create({ data: { id, userId: user.id, plan: input.plan, txHash: input.tx_id, expectedAmount: transfer.amount, status: "PENDING", paidAt: transfer.blockTime } });
    } else if (mine.status === "PENDING") {
      await tx.payment.update({ where: { id }, data: { plan: input.plan, expectedAmount: transfer.amount, paidAt: transfer.blockTime } });
    }
    const confirmed = await confirmPaymentIn(tx, id, { kind: "admin", actorId: admin.id });
    await tx.incomingTransfer.update({ where: { txId: input.tx_id }, data: { status: "ASSIGNED", assignedById: admin.id, reason: `assigned by admin ${admin.id} to user ${user.id} (${input.plan})` } });
    return confirmed;
  });
  await Promise.all([nudgeOutbox(), announceChange("payments")]);
  return { message: "✅ Payment Verified – Plan Activated", payment: toPaymentDto(payment) };
}
