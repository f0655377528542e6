import { db } from "../db/client";
import { AppError } from "../errors";
import { checkRateLimit, consumeRateLimit, countAttempt, peekRateLimit, resetRateLimit } from "../rate-limits/consume-rate-limit";
import { USER_DTO_SELECT } from "../users/user-dto";
import { verifyPassword } from "./password";
import { issueRefreshToken } from "./refresh-token";
import type { TLoginInput } from "./schemas";
import { sessionTokens, type TSessionTokens } from "./session-tokens";

const WINDOW_SECONDS = 15 * 60;
/** Attempts per client address and account (a success clears them). */
export const LOGIN_LIMIT_PER_IP_EMAIL = 10;
/** Failures per client address over all accounts: one address trying many accounts. */
export const LOGIN_FAILURES_PER_IP = 100;
/** Failures per account from all addresses; past it the account counts as under attack. */
export const LOGIN_FAILURES_PER_EMAIL = 100;
/** While an account is under attack, the attempts each address gets for it instead of 10. */
export const LOGIN_LIMIT_PER_IP_EMAIL_UNDER_ATTACK = 3;

const invalid = () => new AppError("INVALID_CREDENTIALS", "Invalid email or password");

/**
 * The user whose email and password match, or INVALID_CREDENTIALS; rate limited first. Strangers'
 * failures never lock the owner out: the per-account count only shrinks every address's own
 * budget for that account, so the right password from an address that has not used its budget
 * still signs in, while a guesser with many addresses gets 3 guesses from each instead of 10.
 */
export async function checkCredentials(input: TLoginInput, clientIp: string) {
  const ipKey = `login:${clientIp}`;
  const ipEmailKey = `login:${clientIp}:${input.email}`;
  const emailKey = `login:*:${input.email}`;
  await checkRateLimit({ key: ipKey, limit: LOGIN_FAILURES_PER_IP, windowSeconds: WINDOW_SECONDS });
  const underAttack = (await peekRateLimit(emailKey, WINDOW_SECONDS)).count >= LOGIN_FAILURES_PER_EMAIL;
  const perIpEmail = underAttack ? LOGIN_LIMIT_PER_IP_EMAIL_UNDER_ATTACK : LOGIN_LIMIT_PER_IP_EMAIL;
  await consumeRateLimit({ key: ipEmailKey, limit: perIpEmail, windowSeconds: WINDOW_SECONDS });

  const user = await db().user.findUnique({
    where: { email: input.email },
    select: { ...USER_DTO_SELECT, tokenVersion: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) {
    await countAttempt(ipKey, WINDOW_SECONDS);
    await countAttempt(emailKey, WINDOW_SECONDS);
    throw invalid();
  }
  if (!user.isActive) throw new AppError("FORBIDDEN", "This account is disabled");
  await resetRateLimit(ipEmailKey);
  const { passwordHash: _omit, ...row } = user;
  return row;
}

export async function login(input: TLoginInput, clientIp: string): Promise<TSessionTokens> {
  const user = await checkCredentials(input, clientIp);
  const refreshToken = await issueRefreshToken(db(), user.id);
  return sessionTokens(user, refreshToken);
}
