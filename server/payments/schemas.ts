// Input of the payment operations, shared by REST and tRPC. Lenient where a user's typing varies
// (hash case, an 0x prefix, "trc20" / "TRC-20"), strict where it matters (64 hex, paid plans).
import { z } from "zod";
import { ZEmail } from "../auth/schemas";

export const ZTxHash = z
  .string({ error: "must be a string" })
  .trim()
  .transform((h) => h.replace(/^0x/i, "").toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, "must be a TRON transaction hash: 64 hexadecimal characters"));

export const ZPaidPlan = z
  .string({ error: "must be a string" })
  .trim()
  .transform((p) => p.toUpperCase())
  .superRefine((p, ctx) => {
    if (p === "TRIAL") ctx.addIssue({ code: "custom", message: "TRIAL is free and cannot be paid for; choose VIP or PREMIUM" });
    else if (p !== "VIP" && p !== "PREMIUM") ctx.addIssue({ code: "custom", message: "must be VIP or PREMIUM" });
  })
  .transform((p) => p as "VIP" | "PREMIUM");

export const ZNetwork = z
  .string({ error: "must be a string" })
  .trim()
  .transform((n) => n.toUpperCase().replace(/[\s_-]/g, ""))
  .refine((n) => n === "TRC20", "only TRC20 (USDT on TRON) is accepted")
  .transform(() => "TRC20" as const);

export const ZInitiatePaymentInput = z.object({
  email: ZEmail,
  plan: ZPaidPlan,
  tx_hash: ZTxHash,
  network: ZNetwork,
});
export type TInitiatePaymentInput = z.infer<typeof ZInitiatePaymentInput>;

export const ZVerifyPaymentInput = z.object({ tx_hash: ZTxHash });

export const ZRejectPaymentInput = z.object({
  tx_hash: ZTxHash,
  reason: z.string({ error: "must be a string" }).trim().min(1, "is required").max(500, "must be at most 500 characters"),
});

export const ZPaymentId = z.uuid({ error: "must be a payment id (UUID)" });

export const ZPaymentListQuery = z.object({
  status: z.enum(["PENDING", "CONFIRMED", "REJECTED"], { error: "must be PENDING, CONFIRMED or REJECTED" }).optional(),
  plan: z.enum(["VIP", "PREMIUM"], { error: "must be VIP or PREMIUM" }).optional(),
  /** Part of the payer's email or username, or the start of the transaction hash. */
  q: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
});

export const ZInvoiceInput = z.object({ plan: ZPaidPlan });
