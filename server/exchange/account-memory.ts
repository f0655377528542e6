// What the platform knows of one live account, so an entry does not ask Binance again (every signed
// read or setting weighs on the IP all users share): the position mode it is in, its leverage cap
// per symbol, and the leverage and margin type set on each symbol. The owner of the connection keeps
// it in the database for every process and restart (exchange-connections/account-state.ts); the
// adapter only reads it and reports what it learned or set. Without an owner (a one-off client),
// an in-memory one lives as long as the adapter.
import type { TSymbolSettings } from "./types";

export interface TAccountMemory {
  /** The position mode the account is known to be in (true = hedge); null: not known. */
  hedgeMode(): boolean | null;
  /** The first bracket's initialLeverage per symbol (one leverageBracket answer); null: not known. */
  leverageCaps(): Readonly<Record<string, number>> | null;
  /** What is set on the symbol (by us or found); null: not known. */
  symbolSettings(symbol: string): TSymbolSettings | null;
  rememberHedgeMode(hedge: boolean | null): Promise<void>;
  rememberLeverageCaps(caps: Record<string, number>): Promise<void>;
  /** null forgets the symbol (a setting Binance kept, or an answer that showed ours stale). */
  rememberSymbolSettings(symbol: string, settings: TSymbolSettings | null): Promise<void>;
}

export type TAccountFacts = { hedgeMode: boolean | null; leverageCaps: Record<string, number> | null; symbols: Record<string, TSymbolSettings> };

export const noAccountFacts = (): TAccountFacts => ({ hedgeMode: null, leverageCaps: null, symbols: {} });

/**
 * A memory over `facts` (changed in place) that hands every change to `persist` after applying it.
 * The in-memory one persists nothing.
 */
export function accountMemory(facts: TAccountFacts = noAccountFacts(), persist: (change: TAccountChange) => Promise<void> = async () => undefined): TAccountMemory {
  return {
    hedgeMode: () => facts.hedgeMode,
    leverageCaps: () => facts.leverageCaps,
    symbolSettings: (symbol) => facts.symbols[symbol] ?? null,
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
      if (known && settings && known.leverage === settings.leverage && known.marginMode === settings.marginMode) return;
      if (settings) facts.symbols[symbol] = { leverage: settings.leverage, marginMode: settings.marginMode };
      else delete facts.symbols[symbol];
      await persist({ symbol: [symbol, settings] });
    },
  };
}

/** One change to what is known: exactly one of the fields. */
export type TAccountChange = { hedgeMode?: boolean | null; leverageCaps?: Record<string, number>; symbol?: [string, TSymbolSettings | null] };
