// Where the session lives: the device's secure store (Keychain / Keystore) on iOS and Android,
// localStorage on the web build (expo-secure-store has no web implementation).
import * as SecureStore from "expo-secure-store";
import { Platform } from "react-native";

export type TTokens = { accessToken: string; refreshToken: string };

export type TTokenStore = {
  get(): Promise<TTokens | null>;
  set(tokens: TTokens): Promise<void>;
  clear(): Promise<void>;
};

const ACCESS = "verzek.access_token";
const REFRESH = "verzek.refresh_token";

type TKeyValue = {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  deleteItem(key: string): Promise<void>;
};

const secureStore: TKeyValue = {
  getItem: (key) => SecureStore.getItemAsync(key),
  setItem: (key, value) => SecureStore.setItemAsync(key, value),
  deleteItem: (key) => SecureStore.deleteItemAsync(key),
};

const webStorage: TKeyValue = {
  getItem: (key) => Promise.resolve(globalThis.localStorage?.getItem(key) ?? null),
  setItem: (key, value) => Promise.resolve(globalThis.localStorage?.setItem(key, value)),
  deleteItem: (key) => Promise.resolve(globalThis.localStorage?.removeItem(key)),
};

export function keyValueTokenStore(kv: TKeyValue): TTokenStore {
  return {
    async get() {
      const [accessToken, refreshToken] = await Promise.all([kv.getItem(ACCESS), kv.getItem(REFRESH)]);
      return accessToken && refreshToken ? { accessToken, refreshToken } : null;
    },
    async set(tokens) {
      await Promise.all([kv.setItem(ACCESS, tokens.accessToken), kv.setItem(REFRESH, tokens.refreshToken)]);
    },
    async clear() {
      await Promise.all([kv.deleteItem(ACCESS), kv.deleteItem(REFRESH)]);
    },
  };
}

export const deviceTokenStore: TTokenStore = keyValueTokenStore(Platform.OS === "web" ? webStorage : secureStore);

/** A store in memory, for tests and previews. */
export function memoryTokenStore(initial: TTokens | null = null): TTokenStore & { current(): TTokens | null } {
  let tokens = initial;
  return {
    current: () => tokens,
    get: () => Promise.resolve(tokens),
    set: (t) => {
      tokens = t;
      return Promise.resolve();
    },
    clear: () => {
      tokens = null;
      return Promise.resolve();
    },
  };
}
