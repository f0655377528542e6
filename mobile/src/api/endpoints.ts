// The REST calls the screens use, one function each (paths exactly as SPEC §2 / the README).
import type { TApiClient } from "./http";
import { ZMe, ZSession, ZSignalDetail, ZSignalPage, type TSession, type TUser } from "./schemas";

export type TRegisterInput = { username: string; email: string; password: string; ref?: string };

async function startSession(client: TApiClient, session: TSession): Promise<TUser> {
  await client.tokens.set({ accessToken: session.access_token, refreshToken: session.refresh_token });
  return session.user;
}

export async function signIn(client: TApiClient, input: { email: string; password: string }): Promise<TUser> {
  const session = await client.request({ method: "POST", path: "/api/auth/login", body: input, schema: ZSession, auth: false });
  return startSession(client, session);
}

export async function register(client: TApiClient, input: TRegisterInput): Promise<TUser> {
  const body = { ...input, ref: input.ref?.trim() ? input.ref.trim() : undefined };
  const session = await client.request({ method: "POST", path: "/api/auth/register", body, schema: ZSession, auth: false });
  return startSession(client, session);
}

/** Forgets the tokens on this device (the platform has no logout route; the refresh token expires). */
export async function signOut(client: TApiClient): Promise<void> {
  await client.tokens.clear();
}

export async function getMe(client: TApiClient): Promise<TUser> {
  return (await client.request({ path: "/api/auth/me", schema: ZMe })).user;
}

export function listSignals(client: TApiClient, page: { cursor?: string | null; limit?: number }, signal?: AbortSignal) {
  return client.request({ path: "/api/signals", query: { limit: page.limit ?? 20, cursor: page.cursor ?? undefined }, schema: ZSignalPage, signal });
}

export function getSignal(client: TApiClient, id: string, signal?: AbortSignal) {
  return client.request({ path: `/api/signals/${encodeURIComponent(id)}`, schema: ZSignalDetail, signal });
}
