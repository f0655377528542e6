// The REST calls the screens use, one function each (paths exactly as SPEC §2 / the README).
import { z } from "zod";
import type { TApiClient } from "./http";
import {
  ZAdminOverview,
  ZCloseResult,
  ZPartnerPage,
  ZSignalStats,
  ZDevice,
  ZMembership,
  ZNotifications,
  ZTelegramLink,
  ZExchangeConnection,
  ZExchangeRemoval,
  ZExchangeValidation,
  ZMe,
  ZInvoice,
  ZPlans,
  ZPositionDetail,
  ZPositionHistory,
  ZPositionPage,
  ZRiskLimits,
  ZSafetyWidget,
  ZSession,
  ZSettings,
  ZSignalDetail,
  ZSignalPage,
  ZSubscription,
  ZTradePreview,
  ZTradeResult,
  type TExchangeMode,
  type TSession,
  type TSettings,
  type TUser,
} from "./schemas";

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

export type TSettingsGroup = "general" | "risk" | "strategy" | "dca";

export function getSubscription(client: TApiClient, userId: number) {
  return client.request({ path: `/api/users/${userId}/subscription`, schema: ZSubscription });
}

export function getSettings(client: TApiClient, userId: number, group: TSettingsGroup) {
  return client.request({ path: `/api/users/${userId}/${group}`, schema: ZSettings });
}

/** Any subset of the group's fields; the server validates each and answers the whole group. */
export function saveSettings(client: TApiClient, userId: number, group: TSettingsGroup, changes: TSettings) {
  return client.request({ method: "PUT", path: `/api/users/${userId}/${group}`, body: changes, schema: ZSettings });
}

export function getExchangeConnection(client: TApiClient) {
  return client.request({ path: "/api/exchanges/me", schema: ZExchangeConnection });
}

export type TConnectInput = { mode: TExchangeMode; api_key?: string; api_secret?: string };

/** Keys are optional when the mode is paper or when keys are already stored. */
export function connectExchange(client: TApiClient, input: TConnectInput) {
  return client.request({ method: "PUT", path: "/api/exchanges/me", body: { provider: "binance_futures", ...input }, schema: ZExchangeConnection.and(z.object({ message: z.string() })) });
}

export function validateExchange(client: TApiClient) {
  return client.request({ method: "POST", path: "/api/exchanges/validate", schema: ZExchangeValidation });
}

export function disconnectExchange(client: TApiClient) {
  return client.request({ method: "DELETE", path: "/api/exchanges/me", schema: ZExchangeRemoval });
}

export type TTradeRequest = { signal_id: string } | { symbol: string; direction: "LONG" | "SHORT"; targets?: string[]; stop_loss?: string; per_trade_usdt?: string };

export function previewTrade(client: TApiClient, trade: TTradeRequest) {
  return client.request({ method: "POST", path: "/api/trade/preview", body: trade, schema: ZTradePreview });
}

/** Paper unless the user's connection is live and the platform allows live trading (the server decides). */
export function executeTrade(client: TApiClient, trade: TTradeRequest) {
  return client.request({ method: "POST", path: "/api/trade/execute", body: trade, schema: ZTradeResult });
}

export function listOpenPositions(client: TApiClient, signal?: AbortSignal) {
  return client.request({ path: "/api/positions", query: { status: "open", per_page: 100 }, schema: ZPositionPage, signal });
}

export function getPositionHistory(client: TApiClient, days = 30, signal?: AbortSignal) {
  return client.request({ path: "/api/positions/history", query: { days, per_page: 100 }, schema: ZPositionHistory, signal });
}

/** The position with its orders (entry, take-profits, stop, closes). */
export function getPosition(client: TApiClient, id: string, signal?: AbortSignal) {
  return client.request({ path: `/api/positions/${encodeURIComponent(id)}`, schema: ZPositionDetail, signal });
}

export function closePosition(client: TApiClient, id: string) {
  return client.request({ method: "POST", path: `/api/positions/${encodeURIComponent(id)}/close`, body: { reason: "Closed in the app" }, schema: ZCloseResult });
}

export function getRiskLimits(client: TApiClient) {
  return client.request({ path: "/api/risk/limits/me", schema: ZRiskLimits });
}

export function saveRiskLimits(client: TApiClient, changes: TSettings) {
  return client.request({ method: "PUT", path: "/api/risk/limits/me", body: changes, schema: ZRiskLimits });
}

/** Public: the platform's kill switch and today's figures. */
export function getSafetyWidget(client: TApiClient, signal?: AbortSignal) {
  return client.request({ path: "/api/safety/widget", schema: ZSafetyWidget, auth: false, signal });
}

/**
 * The user's invoice for a plan: the platform answers the same open invoice when asked again, and
 * detects the transfer of exactly its amount itself (no transaction hash to submit).
 */
export function createInvoice(client: TApiClient, plan: "VIP" | "PREMIUM") {
  return client.request({ method: "POST", path: "/api/payments/usdt/invoice", body: { plan }, schema: ZInvoice });
}

export function getInvoice(client: TApiClient, id: string, signal?: AbortSignal) {
  return client.request({ path: `/api/payments/usdt/invoice/${encodeURIComponent(id)}`, schema: ZInvoice, signal });
}

export function getPlans(client: TApiClient) {
  return client.request({ path: "/api/plans", schema: ZPlans, auth: false });
}

/** Registers this phone's Expo push token for the signed-in user (idempotent). */
export function registerDevice(client: TApiClient, token: string, platform: "ios" | "android" | "web") {
  return client.request({ method: "POST", path: "/api/devices", body: { token, platform }, schema: ZDevice });
}

export function unregisterDevice(client: TApiClient, token: string) {
  return client.request({ method: "DELETE", path: `/api/devices/${encodeURIComponent(token)}`, schema: z.object({ removed: z.boolean() }) });
}

export function listNotifications(client: TApiClient, signal?: AbortSignal) {
  return client.request({ path: "/api/notifications/me", query: { limit: 50 }, schema: ZNotifications, signal });
}

export function markNotificationsRead(client: TApiClient) {
  return client.request({ method: "POST", path: "/api/notifications/me/read", body: {}, schema: z.object({ marked: z.number().int() }) });
}

/** A one-time deep link to the platform's bot that links this account's Telegram (503 when the bot is not configured). */
export function createTelegramLink(client: TApiClient) {
  return client.request({ method: "POST", path: "/api/membership/telegram/link", schema: ZTelegramLink });
}

export function getMembership(client: TApiClient, signal?: AbortSignal) {
  return client.request({ path: "/api/membership/me", schema: ZMembership, signal });
}

export function getAdminOverview(client: TApiClient, signal?: AbortSignal) {
  return client.request({ path: "/api/admin/overview", schema: ZAdminOverview, signal });
}

export function getSignalStats(client: TApiClient, days: number, signal?: AbortSignal) {
  return client.request({ path: "/api/admin/signal-stats", query: { days }, schema: ZSignalStats, signal });
}

export function listPartners(client: TApiClient, q: string, signal?: AbortSignal) {
  return client.request({ path: "/api/admin/partners", query: { q: q.trim() || undefined, per_page: 100 }, schema: ZPartnerPage, signal });
}
