// The query cache kept on the device (AsyncStorage; localStorage in the web build), so that a cold
// start without network still shows the last data received, under the offline banner. Only
// answers that succeeded are kept, for a day; a new app version starts empty; signing out empties
// it (the auth provider clears the cache, and the emptied cache is what gets saved).
import { createAsyncStoragePersister } from "@tanstack/query-async-storage-persister";
import type { Persister, PersistQueryClientOptions } from "@tanstack/react-query-persist-client";

export const CACHE_KEY = "verzek-query-cache";
export const CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Raise when a response schema changes: a cache written by another version is dropped. */
export const CACHE_VERSION = "1";

export type TStorage = { getItem: (key: string) => Promise<string | null>; setItem: (key: string, value: string) => Promise<void>; removeItem: (key: string) => Promise<void> };

/** `storage` is AsyncStorage in the app (see app/_layout.tsx), a map in tests. */
export function createCachePersister(storage: TStorage, throttleTime = 1000): Persister {
  return createAsyncStoragePersister({ storage, key: CACHE_KEY, throttleTime });
}

export function persistOptions(persister: Persister): Omit<PersistQueryClientOptions, "queryClient"> {
  return {
    persister,
    maxAge: CACHE_MAX_AGE_MS,
    buster: CACHE_VERSION,
    dehydrateOptions: { shouldDehydrateQuery: (q) => q.state.status === "success" },
  };
}
