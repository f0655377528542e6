import { z } from "zod";

export const ZEmail = z
  .string({ error: "must be a string" })
  .trim()
  .max(254, "is too long")
  .pipe(z.email({ error: "must be a valid email address" }))
  .transform((e) => e.toLowerCase());

// Upper bound: argon2 cost is per byte of input only a little, but an unbounded body is a DoS lever.
export const ZPassword = z
  .string({ error: "must be a string" })
  .min(8, "must be at least 8 characters")
  .max(128, "must be at most 128 characters");

export const ZUsername = z
  .string({ error: "must be a string" })
  .trim()
  .min(3, "must be at least 3 characters")
  .max(32, "must be at most 32 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "may contain only letters, digits, '_', '.' and '-'");

const ZReferralCode = z
  .string({ error: "must be a string" })
  .trim()
  .max(64, "is too long")
  .optional()
  .transform((r) => (r ? r.toLowerCase() : undefined));

export const ZRegisterInput = z.object({
  username: ZUsername,
  email: ZEmail,
  password: ZPassword,
  ref: ZReferralCode,
});
/** The app's register link carries the partner's code in the URL (SEED 4.5: ?ref=<code>). */
export const ZRegisterQuery = z.object({ ref: ZReferralCode });
export type TRegisterInput = z.infer<typeof ZRegisterInput>;

export const ZLoginInput = z.object({
  email: ZEmail,
  password: z.string({ error: "must be a string" }).min(1, "is required").max(128, "is too long"),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZRefreshInput = z.object({
  refresh_token: z.string({ error: "must be a string" }).min(1, "is required").max(512, "is too long"),
});
export type TRefreshInput = z.infer<typeof ZRefreshInput>;
