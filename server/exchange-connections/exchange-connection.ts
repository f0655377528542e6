// A user's exchange connection (SPEC §8). API key and secret are sealed with AES-256-GCM and
// never leave the server: the wire shape only says whether they are set.
import { z } from "zod";
import { db } from "../db/client";
import { seal } from "../crypto/secret-box";
import { AppError, invalidInput, toAppError } from "../errors";
import { env } from "../env";
import { createExchange } from "../exchange/create-exchange";
import { loadAccountState } from "./account-state";
import { PROVIDER_NAMES } from "./exchange-leverage";
import { syncPositionMode, type TPositionModeResult } from "./position-mode";
import { findTradingConnection } from "./trading-connection";
import { requireTargetPlan } from "../subscriptions/require-plan";

const apiCredential = z
  .string({ error: "must be a string" })
  .trim()
  .min(16, "must be at least 16 characters")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9]+$/, "may contain only letters and digits");
/** The runbook connects in paper mode with "api_key": "" (SEED 10.1): an empty key is no key. */
const optionalCredential = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), apiCredential.optional());
const leverageValue = z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(125, "must be at most 125");
/** true/false, or the runbook's 1/0. */
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)], { error: "must be true or false (or 1 / 0)" }).transform((v) => v === true || v === 1);
const marginMode = z
  .string({ error: "must be ISOLATED or CROSSED" })
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.enum(["ISOLATED", "CROSSED", "CROSS"], { error: "must be ISOLATED or CROSSED" }))
  .transform((v) => (v === "CROSS" ? ("CROSSED" as const) : v));

const ZRawConnectionInput = z.strictObject(
  {
    provider: z.literal("binance_futures", { error: "must be binance_futures" }).optional(),
    /** Phase 7's name for the provider ("binance"). */
    exchange: z.string({ error: "must be binance_futures" }).transform((v, ctx) => {
      if (PROVIDER_NAMES.has(v.trim().toLowerCase())) return "binance_futures" as const;
      ctx.addIssue({ code: "custom", message: "unsupported exchange; use binance_futures" });
      return z.NEVER;
    }).optional(),
    api_key: optionalCredential,
    api_secret: optionalCredential,
    mode: z.enum(["paper", "binance_testnet", "binance_mainnet"], { error: "must be paper, binance_testnet or binance_mainnet" }).optional(),
    /** Phase 7's spelling of mode: true = paper, false = the platform's live network. */
    is_paper: z.boolean({ error: "must be true or false" }).optional(),
    leverage_default: leverageValue.optional(),
    /** Phase 7's spelling of leverage_default. */
    leverage: leverageValue.optional(),
    margin_mode: marginMode.optional(),
    hedge_mode: flag.optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);

function sameOrOne<T>(ctx: z.RefinementCtx, a: [string, T | undefined], b: [string, T | undefined]): T | undefined {
  if (a[1] !== undefined && b[1] !== undefined && a[1] !== b[1]) ctx.addIssue({ code: "custom", path: [b[0]], message: `disagrees with ${a[0]}: send one of them` });
  return a[1] ?? b[1];
}

/** Both spellings (SPEC §8's and phase 7's) to one shape. */
export const ZExchangeConnectionInput = ZRawConnectionInput.transform((v, ctx) => {
  const liveNetwork = env().EXCHANGE_MODE === "binance_mainnet" ? "binance_mainnet" : "binance_testnet";
  const modeFromFlag = v.is_paper === undefined ? undefined : v.is_paper ? "paper" : v.mode && v.mode !== "paper" ? v.mode : liveNetwork;
  return {
    provider: sameOrOne(ctx, ["provider", v.provider], ["exchange", v.exchange]),
    api_key: v.api_key,
    api_secret: v.api_secret,
    mode: sameOrOne<"paper" | "binance_testnet" | "binance_mainnet">(ctx, ["mode", v.mode], ["is_paper", modeFromFlag]),
    leverage_default: sameOrOne(ctx, ["leverage_default", v.leverage_default], ["leverage", v.leverage]),
    margin_mode: v.margin_mode,
    hedge_mode: v.hedge_mode,
  };
});

export const MODE_TO_DB = { paper: "PAPER", binance_testnet: "BINANCE_TESTNET", binance_mainnet: "BINANCE_MAINNET" } as const;
export const MODE_TO_WIRE = { PAPER: "paper", BINANCE_TESTNET: "binance_testnet", BINANCE_MAINNET: "binance_mainnet" } as const;

const SELECT = {
  id: true,
  provider: true,
  mode: true,
  apiKeyEnc: true,
  leverageDefault: true,
  marginMode: true,
  hedgeMode: true,
  validatedAt: true,
  updatedAt: true,
} as const;

type TRow = { id: number; provider: string; mode: keyof typeof MODE_TO_WIRE; apiKeyEnc: string | null; leverageDefault: number; marginMode: "ISOLATED" | "CROSSED"; hedgeMode: boolean; validatedAt: Date | null; updatedAt: Date };

function toWire(row: TRow | null) {
  if (!row) return { connected: false as const };
  return {
    connected: true as const,
    account_id: row.id,
    provider: row.provider,
    /** Phase 7's names: exchange, is_paper, leverage. */
    exchange: "binance",
    mode: MODE_TO_WIRE[row.mode],
    is_paper: row.mode === "PAPER",
    leverage: row.leverageDefault,
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
/** PREMIUM (SPEC §3): connecting is a Premium feature; removing the keys (deleteExchangeConnection) is not. */
export async function saveExchangeConnection(userId: number, input: unknown) {
  await requireTargetPlan(userId, "PREMIUM", "exchange connection");
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
  return { message: "Exchange account saved", ...toWire(row) };
}

/** Phase 7's DELETE body: which connection — by exchange name or by its account_id — or none (the user's one). */
export const ZDeleteConnectionInput = z
  .strictObject(
    {
      exchange: z.string({ error: "must be binance_futures" }).refine((v) => PROVIDER_NAMES.has(v.trim().toLowerCase()), "unsupported exchange; use binance_futures").optional(),
      account_id: z.union([z.number(), z.string().regex(/^\d{1,15}$/, "must be a whole number").transform(Number)], { error: "must be a whole number" }).pipe(z.number().int("must be a whole number").positive("must be positive").max(Number.MAX_SAFE_INTEGER)).optional(),
    },
    { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
  )
  .default({});

/**
 * Wipes the connection: the row goes, and with it both ciphertexts, so nothing of the keys remains.
 * Resting orders a live position left on the exchange stay there (they protect it); the answer says
 * how many live positions are still open so the app can warn that the platform no longer manages them.
 * An account_id that is not the user's connection removes nothing (a user has one connection).
 */
export async function deleteExchangeConnection(userId: number, which: z.infer<typeof ZDeleteConnectionInput> = {}) {
  const where = { userId, ...(which.account_id !== undefined ? { id: which.account_id } : {}) };
  const [removed, openLive] = await db().$transaction([db().exchangeConnection.deleteMany({ where }), openLivePositions(userId)]);
  const deleted = removed.count > 0;
  return { message: deleted ? "Exchange account removed" : "Nothing to remove", deleted, connected: false as const, open_live_positions: openLive };
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
  // What the account's mode now is, stored for the live entries (account-state.ts).
  const memory = t.sealedApiKey ? await loadAccountState(userId, t.mode, t.sealedApiKey) : undefined;
  return syncPositionMode(exchange, { userId, mode: t.mode, hedgeMode: t.hedgeMode, sealedApiKey: t.sealedApiKey, memory }, t.strict);
}

function sealKeys(apiKey: string, apiSecret: string) {
  const key = seal(apiKey);
  const secret = seal(apiSecret);
  return { apiKeyEnc: key.ciphertext, apiSecretEnc: secret.ciphertext, secretsKeyId: key.keyId, validatedAt: null };
}
