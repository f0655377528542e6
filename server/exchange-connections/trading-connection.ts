// A user's connection as the exchange layer needs it: mode, settings and the opened keys. The keys
// exist in memory only for the call that needs them; nothing here is returned to a client.
import { open } from "../crypto/secret-box";
import { db, type Prisma } from "../db/client";
import { AppError, toAppError } from "../errors";
import type { TTradingConnection } from "../exchange/create-exchange";
import { ACCOUNT_STATE_SELECT, accountState, type TAccountStateRow } from "./account-state";

export type TLoadedConnection = TTradingConnection & {
  userId: number;
  leverageDefault: number;
  marginMode: "ISOLATED" | "CROSSED";
  /** The stored ciphertext of the key: which keys were loaded, so a validation cannot mark newer ones. */
  sealedApiKey: string | null;
};

const CONNECTION_SELECT = { mode: true, apiKeyEnc: true, apiSecretEnc: true, secretsKeyId: true, hedgeMode: true, validatedAt: true, leverageDefault: true, marginMode: true } as const;

type TConnectionRow = Prisma.ExchangeConnectionGetPayload<{ select: typeof CONNECTION_SELECT }>;

export async function findTradingConnection(userId: number): Promise<TLoadedConnection | null> {
  // What is known of the live account (position mode, leverage caps, symbol settings) comes along:
  // a live entry uses it instead of asking Binance (account-state.ts).
  const [row, state] = await Promise.all([
    db().exchangeConnection.findUnique({ where: { userId }, select: CONNECTION_SELECT }),
    db().exchangeAccountState.findUnique({ where: { userId }, select: ACCOUNT_STATE_SELECT }),
  ]);
  return row ? loadedConnection(userId, row, state) : null;
}

/**
 * Many users' connections in two statements (the live fan-out). A connection whose keys cannot be
 * opened is that error, for its user alone.
 */
export async function findTradingConnections(userIds: number[]): Promise<Map<number, TLoadedConnection | AppError>> {
  const [rows, states] = await Promise.all([
    db().exchangeConnection.findMany({ where: { userId: { in: userIds } }, select: { userId: true, ...CONNECTION_SELECT } }),
    db().exchangeAccountState.findMany({ where: { userId: { in: userIds } }, select: { userId: true, ...ACCOUNT_STATE_SELECT } }),
  ]);
  const stateOf = new Map(states.map((s) => [s.userId, s]));
  const out = new Map<number, TLoadedConnection | AppError>();
  for (const row of rows) {
    try {
      out.set(row.userId, loadedConnection(row.userId, row, stateOf.get(row.userId) ?? null));
    } catch (err) {
      out.set(row.userId, toAppError(err));
    }
  }
  return out;
}

function loadedConnection(userId: number, row: TConnectionRow, state: TAccountStateRow | null): TLoadedConnection {
  const keyId = row.secretsKeyId;
  const unseal = (ciphertext: string | null) => (ciphertext && keyId ? openOrExplain(ciphertext, keyId) : null);
  return {
    userId,
    mode: row.mode,
    apiKey: unseal(row.apiKeyEnc),
    apiSecret: unseal(row.apiSecretEnc),
    hedgeMode: row.hedgeMode,
    validatedAt: row.validatedAt,
    leverageDefault: row.leverageDefault,
    marginMode: row.marginMode,
    sealedApiKey: row.apiKeyEnc,
    ...(row.mode !== "PAPER" && row.apiKeyEnc ? { memory: accountState(userId, row.mode, row.apiKeyEnc, state) } : {}),
  };
}

export async function getTradingConnection(userId: number): Promise<TLoadedConnection> {
  const conn = await findTradingConnection(userId);
  if (!conn) throw new AppError("NOT_FOUND", "No exchange connection: connect an exchange first (POST /api/exchanges/connect)");
  return conn;
}

/** Keys sealed under a rotated-away SECRETS_KEY cannot be opened: the user must enter them again. */
function openOrExplain(ciphertext: string, keyId: string): string {
  try {
    return open({ ciphertext, keyId });
  } catch (err) {
    throw new AppError("CONFLICT", "The stored exchange keys can no longer be read (the encryption key changed): connect the exchange again", { cause: err });
  }
}
