// A user's connection as the exchange layer needs it: mode, settings and the opened keys. The keys
// exist in memory only for the call that needs them; nothing here is returned to a client.
import { open } from "../crypto/secret-box";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { TTradingConnection } from "../exchange/create-exchange";
import { ACCOUNT_STATE_SELECT, accountState } from "./account-state";

export type TLoadedConnection = TTradingConnection & {
  userId: number;
  leverageDefault: number;
  marginMode: "ISOLATED" | "CROSSED";
  /** The stored ciphertext of the key: which keys were loaded, so a validation cannot mark newer ones. */
  sealedApiKey: string | null;
};

export async function findTradingConnection(userId: number): Promise<TLoadedConnection | null> {
  // What is known of the live account (position mode, leverage caps, symbol settings) comes along:
  // a live entry uses it instead of asking Binance (account-state.ts).
  const [row, state] = await Promise.all([
    db().exchangeConnection.findUnique({
      where: { userId },
      select: { mode: true, apiKeyEnc: true, apiSecretEnc: true, secretsKeyId: true, hedgeMode: true, validatedAt: true, leverageDefault: true, marginMode: true },
    }),
    db().exchangeAccountState.findUnique({ where: { userId }, select: ACCOUNT_STATE_SELECT }),
  ]);
  if (!row) return null;
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
