// Who may publish signals and events: an admin (bearer token) or a provider holding
// SIGNAL_PROVIDER_TOKEN (SPEC §13).
import { authenticateBearer, requireAdmin } from "../auth/authenticate";
import { safeEqual } from "../crypto/safe-equal";
import { env } from "../env";

export type TPublisher = { source: "ADMIN" | "API"; userId: number | null };

export async function authenticatePublisher(authorization: string | null): Promise<TPublisher> {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const providerToken = env().SIGNAL_PROVIDER_TOKEN;
  if (token && providerToken && safeEqual(token, providerToken)) return { source: "API", userId: null };
  const user = await authenticateBearer(authorization);
  requireAdmin(user);
  return { source: "ADMIN", userId: user.id };
}
