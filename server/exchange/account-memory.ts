// What the platform knows of one live account, so an entry does not ask Binance again (every signed
// read or setting weighs on the IP all users share): the position mode it is in, its leverage cap
// per symbol, and the leverage and margin type set on each symbol. The owner of the connection keeps
// it in the database for every process and restart (exchange-connections/account-state.ts); the
// adapter only reads it and reports what it learned or set. Without an owner (a one-off client),
// an in-memory one lives as long as the adapter.
import type { TSymbolSettings } from "./types";

/**
 * How long a symbol's leverage and margin type, once set, are trusted without setting them again.
 * A user can change them in Binance's own app, and Binance does not refuse the next order for it:
 * the entry would trade at their settings while the position records ours. Setting them again
 * costs 2 request weight per account and symbol per period ("no need to change" is a success).
 */
export const SYMBOL_SETTINGS_TRUSTED_MS = 6 * 60 * 60 * 1000;

/** A symbol's settings and when they were set or found (epoch ms); none stored before it counts as expired. */
export type TKnownSymbolSettings = TSymbolSettings & { at?: number };

export interface TAccountMemory {
  /** The position mode the account is known to be in (true = hedge); null: not known. */
  hedgeMode(): boolean | null;
  /** The first bracket's initialLeverage per symbol (one leverageBracket answer); null: not known. */
  leverageCaps(): Readonly<Record<string, number>> | null;
  /** What is set on the symbol (by us or found) within `trustedMs` (SYMBOL_SETTINGS_TRUSTED_MS); null: not known. */
  symbolSettings(symbol: string, trustedMs?: number): TSymbolSettings | null;
  rememberHedgeMode(hedge: boolean | null): Promise<void>;
  rememberLeverageCaps(caps: Record<string, number>): Promise<void>;
  /** null forgets the symbol (a setting Binance kept, or an answer that showed ours stale). */
  rememberSymbolSettings(symbol: string, settings: TSymbolSettings | null): Promise<void>;
}

export type TAccountFacts = { hedgeMode: boolean | null; leverageCaps: Record<string, number> | null; symbols: Record<string, TKnownSymbolSettings> };

export const noAccountFacts = (): TAccountFacts => ({ hedgeMode: null, leverageCaps: null, symbols: {} });

/**
 * A memory over `facts` (changed in place) that hands every change to `persist` after applying it.
 * The in-memory one persists nothing.
 */
export function accountMemory(
  facts: TAccountFacts = noAccountFacts(),
  persist: (change: TAccountChange) => Promise<void> = async () => undefined,
  now: () => number = Date.now,
): TAccountMemory {
  return {
    hedgeMode: () => facts.hedgeMode,
    leverageCaps: () => facts.leverageCaps,
    symbolSettings(symbol, trustedMs = SYMBOL_SETTINGS_TRUSTED_MS) {
      const known = facts.symbols[symbol];
      if (!known || known.at === undefined || now() - known.at >= trustedMs) return null;
      return { leverage: known.leverage, marginMode: known.marginMode };
    },
    async rememberHedgeMode(hedge) {
      if (facts.hedgeMode === hedge) return;
      facts.hedgeMode = hedge;
      await persist({ hedgeMode: hedge });
    },
    async rememberLeverageCaps(caps) {
      facts.leverageCaps = { ...caps };
      await persist({ leverageCaps: caps });
    },
    async rememberSymbolSettings(symbol, settings) {
      const known = facts.symbols[symbol] ?? null;
      if (known === null && settings === null) return;
      // Set again (the trusted period ran out, or a fresh entry): stored with the new time.
      const stamped = settings ? { leverage: settings.leverage, marginMode: settings.marginMode, at: now() } : null;
      if (stamped) facts.symbols[symbol] = stamped;
      else delete facts.symbols[symbol];
      await persist({ symbol: [symbol, stamped] });
    },
  };
}

/** One change to what is known: exactly one of the fields. */
export type TAccountChange = { hedgeMode?: boolean | null; leverageCaps?: Record<string, number>; symbol?: [string, TKnownSymbolSettings | null] };
