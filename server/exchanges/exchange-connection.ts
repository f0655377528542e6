// A user's exchange connection (SPEC §8). API key and secret are sealed with AES-256-GCM and
// never leave the server: the wire shape only says whether they are set.
import { z } from "zod";
import { db } from "../db/client";
import { seal } from "../crypto/secret-box";
import { AppError, invalidInput, toAppError } from "../errors";
import { createExchange } from "../exchange/create-exchange";
import { syncPositionMode, type TPositionModeResult } from "./position-mode";
import { findTradingConnection } from "./trading-connection";

const apiCredential = z
  .string({ error: "must be a string" })
  .trim()
  .min(16, "must be at least 16 characters")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9]+$/, "may contain only letters and digits");

export const ZExchangeConnectionInput = z.strictObject(
  {
    provider: z.literal("binance_futures", { error: "must be binance_futures" }).optional(),
    api_key: apiCredential.optional(),
    api_secret: apiCredential.optional(),
    mode: z.enum(["paper", "binance_testnet", "binance_mainnet"], { error: "must be paper, binance_testnet or binance_mainnet" }).optional(),
    leverage_default: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(125, "must be at most 125").optional(),
    margin_mode: z.enum(["ISOLATED", "CROSSED"], { error: "must be ISOLATED or CROSSED" }).optional(),
    hedge_mode: z.boolean({ error: "must be true or false" }).optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);
export type TExchangeConnectionInput = z.infer<typeof ZExchangeConnectionInput>;

export const MODE_TO_DB = { paper: "PAPER", binance_testnet: "BINANCE_TESTNET", binance_mainnet: "BINANCE_MAINNET" } as const;
export const MODE_TO_WIRE = { PAPER: "paper", BINANCE_TESTNET: "binance_testnet", BINANCE_MAINNET: "binance_mainnet" } as const;

const SELECT = {
  provider: true,
  mode: true,
  apiKeyEnc: true,
  leverageDefault: true,
  marginMode: true,
  hedgeMode: true,
  validatedAt: true,
  updatedAt: true,
} as const;

type TRow = { provider: string; mode: keyof typeof MODE_TO_WIRE; apiKeyEnc: string | null; leverageDefault: number; marginMode: "ISOLATED" | "CROSSED"; hedgeMode: boolean; validatedAt: Date | null; updatedAt: Date };

function toWire(row: TRow | null) {
  if (!row) return { connected: false as const };
  return {
    connected: true as const,
    provider: row.provider,
    mode: MODE_TO_WIRE[row.mode],
    has_api_key: row.apiKeyEnc !== null,
    leverage_default: row.leverageDefault,
    margin_mode: row.marginMode,
    hedge_mode: row.hedgeMode,
    validated_at: row.validatedAt?.toISOString() ?? null,
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function getExchangeConnection(userId: number) {
  return toWire(await db().exchangeConnection.findUnique({ where: { userId }, select: SELECT }));
}

/** Creates or updates the connection; new keys replace the old ones and clear the validation. */
export async function saveExchangeConnection(userId: number, input: unknown) {
  const body = ZExchangeConnectionInput.parse(input);
  if ((body.api_key === undefined) !== (body.api_secret === undefined)) {
    throw invalidInput(body.api_key === undefined ? "api_key" : "api_secret", "api_key and api_secret are set together");
  }
  const existing = await db().exchangeConnection.findUnique({ where: { userId }, select: { apiKeyEnc: true, mode: true, hedgeMode: true } });
  const mode = body.mode ? MODE_TO_DB[body.mode] : (existing?.mode ?? "PAPER");
  const hasKeys = body.api_key !== undefined || (existing?.apiKeyEnc ?? null) !== null;
  if (mode !== "PAPER" && !hasKeys) throw invalidInput("api_key", "is required for a live mode");

  const sealed = body.api_key && body.api_secret ? sealKeys(body.api_key, body.api_secret) : null;
  const keys = sealed ?? {};
  const hedgeMode = body.hedge_mode ?? existing?.hedgeMode ?? false;
  if (mode !== "PAPER" && (!existing || sealed !== null || mode !== existing.mode || hedgeMode !== existing.hedgeMode)) {
    const plainKeys = body.api_key && body.api_secret ? { apiKey: body.api_key, apiSecret: body.api_secret } : undefined;
    const matched = await matchPositionMode(userId, { mode, hedgeMode, sealedApiKey: sealed?.apiKeyEnc ?? existing?.apiKeyEnc ?? null, strict: body.hedge_mode !== undefined }, plainKeys);
    // Open live positions' orders were placed in the old mode's shape: storing a mode the account may
    // not have would send their closes and re-placements in the wrong one (-4061).
    if (!matched.applied && hedgeMode !== (existing?.hedgeMode ?? false) && (await openLivePositions(userId)) > 0) {
      throw new AppError("CONFLICT", `cannot confirm the position mode switch on Binance while live positions are open: ${matched.note ?? "unknown reason"}`);
    }
  }
  const data = {
    ...(body.provider ? { provider: body.provider } : {}),
    mode,
    ...(body.leverage_default !== undefined ? { leverageDefault: body.leverage_default } : {}),
    ...(body.margin_mode ? { marginMode: body.margin_mode } : {}),
    ...(body.hedge_mode !== undefined ? { hedgeMode: body.hedge_mode } : {}),
    ...keys,
  };
  // One leverage per user: the connection's leverage_default and the risk group's leverage are the
  // same setting under two names (SPEC §6 and §8), so a write to either keeps both equal.
  const row = await db().$transaction(async (tx) => {
    const leverage = body.leverage_default ?? (existing ? undefined : (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { leverage: true } })).leverage);
    if (body.leverage_default !== undefined) await tx.user.update({ where: { id: userId }, data: { leverage: body.leverage_default } });
    return tx.exchangeConnection.upsert({
      where: { userId },
      create: { userId, ...data, ...(leverage !== undefined ? { leverageDefault: leverage } : {}) },
      update: data,
      select: SELECT,
    });
  });
  return toWire(row);
}

/**
 * Wipes the connection: the row goes, and with it both ciphertexts, so nothing of the keys remains.
 * Resting orders a live position left on the exchange stay there (they protect it); the answer says
 * how many live positions are still open so the app can warn that the platform no longer manages them.
 */
export async function deleteExchangeConnection(userId: number) {
  const [removed, openLive] = await db().$transaction([db().exchangeConnection.deleteMany({ where: { userId } }), openLivePositions(userId)]);
  return { deleted: removed.count > 0, connected: false as const, open_live_positions: openLive };
}

const openLivePositions = (userId: number) => db().position.count({ where: { userId, status: "OPEN", mode: { not: "PAPER" } } });

/**
 * Before the connection is saved, makes the account's position mode match hedge_mode (position-mode.ts).
 * Only where the platform may trade live with these keys (ENABLE_LIVE_TRADING, mainnet validated);
 * elsewhere the next live entry does it. A hedge_mode the user asked for that Binance refuses (open
 * positions or orders) is a CONFLICT and nothing is saved; other failures (keys not accepted, exchange
 * down) only block saving a hedge_mode change while live positions are open (the caller decides).
 */
async function matchPositionMode(
  userId: number,
  t: { mode: "BINANCE_TESTNET" | "BINANCE_MAINNET"; hedgeMode: boolean; sealedApiKey: string | null; strict: boolean },
  plainKeys: { apiKey: string; apiSecret: string } | undefined,
): Promise<TPositionModeResult> {
  const keys = plainKeys ?? (await findTradingConnection(userId).catch(() => null)) ?? undefined;
  if (!keys?.apiKey || !keys.apiSecret) return { applied: false, note: "no usable API keys" };
  let exchange;
  try {
    const validatedAt = plainKeys ? null : ((keys as { validatedAt?: Date | null }).validatedAt ?? null);
    exchange = createExchange({ mode: t.mode, apiKey: keys.apiKey, apiSecret: keys.apiSecret, hedgeMode: t.hedgeMode, validatedAt }, { timeoutMs: 5_000 });
  } catch (err) {
    // Live trading not allowed for this connection (yet): nothing to match now.
    return { applied: false, note: toAppError(err).message };
  }
  return syncPositionMode(exchange, { userId, mode: t.mode, hedgeMode: t.hedgeMode, sealedApiKey: t.sealedApiKey }, t.strict);
}

function sealKeys(apiKey: string, apiSecret: string) {
  const key = seal(apiKey);
  const secret = seal(apiSecret);
  return { apiKeyEnc: key.ciphertext, apiSecretEnc: secret.ciphertext, secretsKeyId: key.keyId, validatedAt: null };
}
