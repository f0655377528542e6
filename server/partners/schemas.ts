import { z } from "zod";
import { ZEmail } from "../auth/schemas";

const strict = { error: (i: { code: string; keys?: string[] }) => (i.code === "unrecognized_keys" ? `unknown field(s): ${(i.keys ?? []).join(", ")}` : "must be a JSON object") };

const ZName = z.string({ error: "must be a string" }).trim().min(1, "is required").max(100, "must be at most 100 characters");
const ZHandle = z.union(
  [
    z
      .string({ error: "must be a string" })
      .trim()
      .regex(/^@?[A-Za-z0-9_]{5,32}$/, "must be a Telegram username (5–32 letters, digits or _)")
      .transform((h) => h.replace(/^@/, "")),
    z.null(),
  ],
  { error: "must be a Telegram username or null" },
);
/** Codes are case-insensitive: stored lower-cased, as registration looks them up. */
export const ZReferralCode = z
  .string({ error: "must be a string" })
  .trim()
  .min(3, "must be at least 3 characters")
  .max(32, "must be at most 32 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, '_' and '-'")
  .transform((c) => c.toLowerCase());

export const ZCreatePartnerInput = z.strictObject(
  {
    name: ZName,
    telegram_handle: ZHandle.optional(),
    email: z.union([ZEmail, z.null()], { error: "must be a valid email address or null" }).optional(),
    referral_code: ZReferralCode,
  },
  strict,
);
export type TCreatePartnerInput = z.infer<typeof ZCreatePartnerInput>;

export const ZUpdatePartnerInput = z
  .strictObject(
    {
      name: ZName.optional(),
      telegram_handle: ZHandle.optional(),
      email: z.union([ZEmail, z.null()], { error: "must be a valid email address or null" }).optional(),
      referral_code: ZReferralCode.optional(),
    },
    strict,
  )
  .refine((b) => Object.keys(b).length > 0, { message: "name at least one of name, telegram_handle, email, referral_code", path: ["body"] });
export type TUpdatePartnerInput = z.infer<typeof ZUpdatePartnerInput>;

export const ZPartnerListQuery = z.object({
  q: z.string({ error: "must be a string" }).trim().max(100, "must be at most 100 characters").optional(),
  page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(50),
});
export type TPartnerListQuery = z.infer<typeof ZPartnerListQuery>;

export function parsePartnerId(raw: string): number {
  return z
    .object({ id: z.string().regex(/^[1-9]\d{0,9}$/, "must be a positive whole number").transform(Number).refine((n) => n <= 2_147_483_647, "must be a positive whole number") })
    .parse({ id: raw }).id;
}
