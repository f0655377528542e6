// What the platform learned of a user's live Binance account, in the database so every process and
// restart knows it (exchange_account_state; the adapter's side is exchange/account-memory.ts): the
// position mode the account is in, its leverage caps (one leverageBracket answer for every symbol),
// and the leverage and margin type set on each symbol. Validation learns the first two; the first
// entry on a symbol sets and records the third. A live entry then spends no request weight on them —
// the IP's 2,400 a minute are shared by every user of the platform.
//
// Which account: account_ref, a digest of the mode and the sealed API key. New keys (sealed anew,
// even the same ones) or another mode are another account: its state starts empty and is learned
// again. A value changed in Binance's own app is corrected by the entry path when Binance's answer
// shows it (live-execution.ts: -4061 / -2027 set everything again; -4028 reads the caps again).
import { createHash } from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import { toAppError } from "../errors";
import { logger } from "../logger";
import { writeBatcher } from "../db/write-batcher";
import { accountMemory, noAccountFacts, type TAccountChange, type TAccountFacts, type TAccountMemory } from "../exchange/account-memory";
import type { TExchangeMode } from "../exchange/types";

/** The account a live connection trades on: mode and sealed key (never the key itself). */
export function accountRef(mode: TExchangeMode, sealedApiKey: string): string {
  return createHash("sha256").update(`${mode}:${sealedApiKey}`).digest("hex").slice(0, 32);
}

export type TAccountStateRow = { accountRef: string; hedgeMode: boolean | null; leverageCaps: unknown; symbolSettings: unknown };

const ZCaps = z.record(z.string(), z.number().int().positive());
// `at`: when they were set (exchange/account-memory.ts trusts them SYMBOL_SETTINGS_TRUSTED_MS); rows written without it count as expired.
const ZSymbols = z.record(z.string(), z.object({ leverage: z.number().int().positive(), marginMode: z.enum(["ISOLATED", "CROSSED"]), at: z.number().int().optional() }));

/** The stored facts when they describe this account; a row of other keys (or unreadable JSON) is nothing known. */
export function factsOf(row: TAccountStateRow | null, ref: string): TAccountFacts {
  if (!row || row.accountRef !== ref) return noAccountFacts();
  const caps = ZCaps.safeParse(row.leverageCaps);
  const symbols = ZSymbols.safeParse(row.symbolSettings);
  return { hedgeMode: row.hedgeMode, leverageCaps: caps.success ? caps.data : null, symbols: symbols.success ? symbols.data : {} };
}

/** The select findTradingConnection reads the state with (same query as the connection). */
export const ACCOUNT_STATE_SELECT = { accountRef: true, hedgeMode: true, leverageCaps: true, symbolSettings: true } as const;

/**
 * The account's memory over what is stored (`row`, read with the connection); every change is
 * written at once, one statement, so another process's entry sees it.
 */
export function accountState(userId: number, mode: TExchangeMode, sealedApiKey: string, row: TAccountStateRow | null): TAccountMemory {
  const ref = accountRef(mode, sealedApiKey);
  // What is stored is a memory of Binance's state, not the state: a write that fails is logged and
  // learned again later (an entry sets the settings again), never a reason to fail the trade.
  return accountMemory(factsOf(row, ref), (change) =>
    writeChange({ userId, ref, change }).catch((err: unknown) => logger.warn("account state not stored", { userId, error: toAppError(err).message })),
  );
}

/**
 * One change, applied in SQL so concurrent writers of one account (two processes, two symbols)
 * never undo each other: the row is created for a new account, or replaced when it described other keys.
 * Batched (write-batcher.ts): a live fan-out records a symbol's settings for hundreds of accounts a
 * second, each change still its own statement, in the order made.
 */
const writeChange: (c: { userId: number; ref: string; change: TAccountChange }) => Promise<void> = writeBatcher(async (sql, changes) => {
  // Rows locked in user order (stable: one user's changes keep theirs), as every process's batches do: no deadlock.
  for (const { userId, ref, change } of [...changes].sort((a, b) => a.userId - b.userId)) {
    const setHedge = "hedgeMode" in change;
    const setCaps = change.leverageCaps !== undefined;
    const [symbol, settings] = change.symbol ?? ["", null];
    const addSymbols = change.symbol && settings ? { [symbol]: settings } : {};
    await sql.exec(
      `INSERT INTO exchange_account_state AS s (user_id, account_ref, hedge_mode, leverage_caps, leverage_caps_at, symbol_settings, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, CASE WHEN $5 THEN now() END, $7::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET
         account_ref = EXCLUDED.account_ref,
         hedge_mode = CASE WHEN $8 THEN EXCLUDED.hedge_mode WHEN s.account_ref = EXCLUDED.account_ref THEN s.hedge_mode END,
         leverage_caps = CASE WHEN $5 THEN EXCLUDED.leverage_caps WHEN s.account_ref = EXCLUDED.account_ref THEN s.leverage_caps END,
         leverage_caps_at = CASE WHEN $5 THEN EXCLUDED.leverage_caps_at WHEN s.account_ref = EXCLUDED.account_ref THEN s.leverage_caps_at END,
         symbol_settings = ((CASE WHEN s.account_ref = EXCLUDED.account_ref THEN s.symbol_settings ELSE '{}'::jsonb END) - $6::text) || EXCLUDED.symbol_settings,
         updated_at = now()`,
      userId,
      ref,
      setHedge ? (change.hedgeMode ?? null) : null,
      setCaps ? JSON.stringify(change.leverageCaps) : null,
      setCaps,
      symbol,
      JSON.stringify(addSymbols),
      setHedge,
    );
  }
});

/** For connect / save: the state of an account whose row may not be read yet (new keys start empty). */
export async function loadAccountState(userId: number, mode: TExchangeMode, sealedApiKey: string): Promise<TAccountMemory> {
  const row = await db().exchangeAccountState.findUnique({ where: { userId }, select: ACCOUNT_STATE_SELECT });
  return accountState(userId, mode, sealedApiKey, row);
}
