import { db } from "../db/client";
import { AppError } from "../errors";
import { consumeRateLimit, resetRateLimit } from "../rate-limits/consume-rate-limit";
import { USER_DTO_SELECT } from "../users/user-dto";
import { verifyPassword } from "./password";
import { issueRefreshToken } from "./refresh-token";
import type { TLoginInput } from "./schemas";
import { sessionTokens, type TSessionTokens } from "./session-tokens";

const WINDOW_SECONDS = 15 * 60;
/** Per client and account; the per-account cap stops one account being guessed from many IPs. */
export const LOGIN_LIMIT_PER_IP_EMAIL = 10;
export const LOGIN_LIMIT_PER_EMAIL = 100;

const invalid = () => new AppError("INVALID_CREDENTIALS", "Invalid email or password");

/** The user whose email and password match, or INVALID_CREDENTIALS; rate limited first. */
export async function checkCredentials(input: TLoginInput, clientIp: string) {
  const ipKey = `login:${clientIp}:${input.email}`;
  await consumeRateLimit({ key: ipKey, limit: LOGIN_LIMIT_PER_IP_EMAIL, windowSeconds: WINDOW_SECONDS });
  await consumeRateLimit({ key: `login:*:${input.email}`, limit: LOGIN_LIMIT_PER_EMAIL, windowSeconds: WINDOW_SECONDS });

  const user = await db().user.findUnique({
    where: { email: input.email },
    select: { ...USER_DTO_SELECT, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw invalid();
  if (!user.isActive) throw new AppError("FORBIDDEN", "This account is disabled");
  await resetRateLimit(ipKey);
  const { passwordHash: _omit, ...row } = user;
  return row;
}

export async function login(input: TLoginInput, clientIp: string): Promise<TSessionTokens> {
  const user = await checkCredentials(input, clientIp);
  const refreshToken = await issueRefreshToken(db(), user.id);
  return sessionTokens(user, refreshToken);
}
