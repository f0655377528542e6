import { db } from "../db/client";
import { AppError, invalidInput, toAppError } from "../errors";
import { USER_DTO_SELECT } from "../users/user-dto";
import { hashPassword } from "./password";
import { issueRefreshToken } from "./refresh-token";
import type { TRegisterInput } from "./schemas";
import { sessionTokens, type TSessionTokens } from "./session-tokens";

/** A new TRIAL account, linked to its partner when `ref` names one, signed in at once. */
export async function register(input: TRegisterInput): Promise<TSessionTokens> {
  const partner = input.ref
    ? await db().partner.findUnique({ where: { referralCode: input.ref }, select: { id: true } })
    : null;
  if (input.ref && !partner) throw invalidInput("ref", "unknown referral code");

  const passwordHash = await hashPassword(input.password);
  const taken = await db().user.findFirst({
    where: { OR: [{ email: input.email }, { username: { equals: input.username, mode: "insensitive" } }] },
    select: { email: true },
  });
  if (taken) throw conflictFor(taken.email === input.email ? "email" : "username");

  try {
    const { user, refreshToken } = await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: input.username, email: input.email, passwordHash, referredByPartnerId: partner?.id },
        select: { ...USER_DTO_SELECT, tokenVersion: true },
      });
      return { user, refreshToken: await issueRefreshToken(tx, user.id) };
    });
    return await sessionTokens(user, refreshToken);
  } catch (err) {
    // Two registrations racing for one email: the unique index decides, the loser gets 409.
    const app = toAppError(err);
    if (app.code === "CONFLICT") throw conflictFor(/username/i.test(app.message) ? "username" : "email");
    throw err;
  }
}

function conflictFor(field: "email" | "username"): AppError {
  return new AppError("CONFLICT", `An account with this ${field} already exists`, { field });
}
