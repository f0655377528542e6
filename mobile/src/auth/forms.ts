// The sign-in and register forms' checks: the platform's own rules (server/auth/schemas.ts), so a
// mistake is explained before a round trip. The server still decides, and its message is shown.
import { z } from "zod";

export const ZSignInForm = z.object({
  email: z.string().trim().min(1, "Enter your email").pipe(z.email({ error: "Enter a valid email address" })),
  password: z.string().min(1, "Enter your password"),
});

export const ZRegisterForm = z.object({
  username: z
    .string()
    .trim()
    .min(3, "At least 3 characters")
    .max(32, "At most 32 characters")
    .regex(/^[A-Za-z0-9_.-]+$/, "Letters, digits, '_', '.' and '-' only"),
  email: z.string().trim().min(1, "Enter your email").max(254, "Too long").pipe(z.email({ error: "Enter a valid email address" })),
  password: z.string().min(8, "At least 8 characters").max(128, "At most 128 characters"),
  ref: z.string().trim().max(64, "Too long").optional(),
});

export type TFieldErrors<K extends string> = Partial<Record<K, string>>;

/** Parses a form; on failure, the first message for each field. */
export function checkForm<S extends z.ZodObject>(schema: S, values: z.input<S>): { data: z.output<S> } | { errors: TFieldErrors<Extract<keyof z.input<S>, string>> } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    errors[field] ??= issue.message;
  }
  return { errors: errors };
}
