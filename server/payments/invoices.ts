// Invoices: each asks for the plan price plus a fraction of a USDT (1..999999 base units) that no
// other reserved invoice holds, so the amount that arrives on chain names one invoice and one
// user — nobody can claim another payer's transfer by its public hash. The partial unique index
// payment_invoices_reserved_fraction_key decides between racing requests; an invoice keeps its
// fraction while open and through the grace period after it (late transfers still find it), then
// releaseInvoices() frees it for reuse.
import { randomInt, randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { z } from "zod";
import type { TAuthUser } from "../auth/authenticate";
import { db, Prisma } from "../db/client";
import { AppError, forbidden, notFound } from "../errors";
import { env } from "../env";
import { planPrice, type TPaidPlan } from "../subscriptions/plans";
import { ZPaymentId } from "./schemas";

export const BASE_UNITS_PER_USDT = 1_000_000;
/** Fractions are first drawn below 0.01 USDT, so the amount looks like the price; a crowded range widens. */
const SMALL_FRACTIONS = 9_999;
const ATTEMPTS = 12;

export const INVOICE_SELECT = {
  id: true,
  userId: true,
  plan: true,
  price: true,
  amount: true,
  fraction: true,
  status: true,
  reason: true,
  createdAt: true,
  expiresAt: true,
  graceUntil: true,
  paidTxId: true,
  paidAmount: true,
  paidAt: true,
  payment: { select: { id: true, status: true, validTill: true } },
} satisfies Prisma.PaymentInvoiceSelect;
type TInvoiceRow = Prisma.PaymentInvoiceGetPayload<{ select: typeof INVOICE_SELECT }>;

/** What the user and the admin see of an invoice; `state` adds "expired but still accepting" (grace). */
export function toInvoiceDto(row: TInvoiceRow, address: string, now = new Date()) {
  const activated = row.payment?.status === "CONFIRMED";
  const state = activated ? "ACTIVATED" : row.status === "OPEN" && now > row.expiresAt ? "GRACE" : row.status;
  return {
    invoice_id: row.id,
    plan: row.plan,
    price: row.price.toString(),
    amount: row.amount.toFixed(6),
    address,
    network: "TRC20" as const,
    currency: "USDT" as const,
    status: row.status,
    state,
    reason: row.reason,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    grace_until: row.graceUntil.toISOString(),
    paid_tx_id: row.paidTxId,
    paid_amount: row.paidAmount?.toString() ?? null,
    overpaid_by: row.paidAmount?.greaterThan(row.amount) ? row.paidAmount.minus(row.amount).toString() : null,
    paid_at: row.paidAt?.toISOString() ?? null,
    payment_id: row.payment?.id ?? null,
    valid_till: row.payment?.validTill?.toISOString() ?? null,
  };
}
export type TInvoiceDto = ReturnType<typeof toInvoiceDto>;

function receivingAddress(): string {
  const address = env().USDT_TRC20_ADDRESS;
  if (!address) throw new AppError("SERVICE_UNAVAILABLE", "USDT payments are not configured yet (no receiving address): contact support");
  return address;
}

/** A wallet-readable QR code of the address (wallets do not agree on an amount field; the page shows it). */
const qrOf = (address: string) => QRCode.toString(address, { type: "svg", margin: 1, errorCorrectionLevel: "M" });

/**
 * The user's open invoice for this plan, or a new one. The user row is locked so that one user's
 * racing requests get one invoice; the unique index makes racing users' fractions differ.
 */
export async function createInvoice(userId: number, plan: TPaidPlan, now = new Date()): Promise<TInvoiceDto & { qr: string }> {
  const address = receivingAddress();
  const config = env();
  await releaseInvoices(now);
  const row = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const open = await tx.paymentInvoice.findFirst({
      where: { userId, plan, status: "OPEN", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: INVOICE_SELECT,
    });
    if (open) return open;
    const price = planPrice(plan);
    const expiresAt = new Date(now.getTime() + config.PAYMENT_INVOICE_MINUTES * 60_000);
    const graceUntil = new Date(expiresAt.getTime() + config.PAYMENT_INVOICE_GRACE_MINUTES * 60_000);
    const id = randomUUID();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const fraction = randomInt(1, attempt < ATTEMPTS / 2 ? SMALL_FRACTIONS + 1 : BASE_UNITS_PER_USDT);
      const amount = price.plus(new Prisma.Decimal(fraction).dividedBy(BASE_UNITS_PER_USDT));
      const inserted = await tx.$executeRaw`
        INSERT INTO payment_invoices (id, user_id, plan, price, amount, fraction, created_at, expires_at, grace_until)
        VALUES (${id}::uuid, ${userId}, ${plan}::"Plan", ${price}, ${amount}, ${fraction}, ${now}, ${expiresAt}, ${graceUntil})
        ON CONFLICT DO NOTHING`;
      if (inserted === 1) return tx.paymentInvoice.findUniqueOrThrow({ where: { id }, select: INVOICE_SELECT });
    }
    throw new AppError("SERVICE_UNAVAILABLE", "Too many invoices are open right now; try again in a minute", { retryAfterSeconds: 60 });
  });
  return { ...toInvoiceDto(row, address, now), qr: await qrOf(address) };
}

export async function getInvoice(rawId: string, viewer: TAuthUser, now = new Date()): Promise<TInvoiceDto> {
  const { id } = z.object({ id: ZPaymentId }).parse({ id: rawId });
  const row = await db().paymentInvoice.findUnique({ where: { id }, select: INVOICE_SELECT });
  if (!row) throw notFound("Invoice");
  if (viewer.role !== "ADMIN" && viewer.id !== row.userId) throw forbidden("This invoice belongs to another account");
  return toInvoiceDto(row, receivingAddress(), now);
}

export async function listMyInvoices(userId: number, now = new Date()): Promise<{ invoices: TInvoiceDto[] }> {
  const rows = await db().paymentInvoice.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 50, select: INVOICE_SELECT });
  const address = env().USDT_TRC20_ADDRESS ?? "";
  return { invoices: rows.map((r) => toInvoiceDto(r, address, now)) };
}

/** Past the grace period: an unpaid invoice is EXPIRED and every such invoice frees its fraction. */
export async function releaseInvoices(now = new Date()): Promise<number> {
  return db().$executeRaw`
    UPDATE payment_invoices
    SET reserved = false,
        status = CASE WHEN status = 'OPEN' THEN 'EXPIRED'::"InvoiceStatus" ELSE status END,
        reason = CASE WHEN status = 'OPEN' THEN COALESCE(reason || '; ', '') || 'expired: no payment arrived in time' ELSE reason END
    WHERE reserved AND grace_until < ${now}`;
}
