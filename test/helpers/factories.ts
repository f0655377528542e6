// Small factories: every test makes its own users, so tests never depend on each other.
import { randomBytes } from "node:crypto";
import { signAccessToken } from "@/server/auth/access-token";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db/client";
import { USER_DTO_SELECT } from "@/server/users/user-dto";

export const uniq = () => randomBytes(5).toString("hex");

let hashCache: Promise<string> | undefined;
export const DEFAULT_PASSWORD = "correct horse battery";

export async function createUser(
  overrides: { role?: "USER" | "ADMIN"; plan?: "TRIAL" | "VIP" | "PREMIUM"; planExpiresAt?: Date | null; isActive?: boolean } = {},
) {
  hashCache ??= hashPassword(DEFAULT_PASSWORD);
  const tag = uniq();
  const user = await db().user.create({
    data: {
      username: `user_${tag}`,
      email: `user_${tag}@example.test`,
      passwordHash: await hashCache,
      role: overrides.role ?? "USER",
      plan: overrides.plan ?? "TRIAL",
      planExpiresAt: overrides.planExpiresAt ?? (overrides.plan && overrides.plan !== "TRIAL" ? new Date(Date.now() + 30 * 86_400_000) : null),
      isActive: overrides.isActive ?? true,
    },
    select: USER_DTO_SELECT,
  });
  return { user, token: await signAccessToken(user), password: DEFAULT_PASSWORD };
}

export const createAdmin = () => createUser({ role: "ADMIN" });
