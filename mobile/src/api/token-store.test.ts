import * as SecureStore from "expo-secure-store";
import { deviceTokenStore, keyValueTokenStore } from "./token-store";

jest.mock("expo-secure-store", () => {
  const values = new Map<string, string>();
  return {
    getItemAsync: jest.fn((k: string) => Promise.resolve(values.get(k) ?? null)),
    setItemAsync: jest.fn((k: string, v: string) => Promise.resolve(void values.set(k, v))),
    deleteItemAsync: jest.fn((k: string) => Promise.resolve(void values.delete(k))),
  };
});

describe("the token store", () => {
  it("keeps the session in the device's secure store on native", async () => {
    await deviceTokenStore.set({ accessToken: "a", refreshToken: "r" });
    expect(SecureStore.setItemAsync).toHaveBeenCalledWith("verzek.access_token", "a");
    await expect(deviceTokenStore.get()).resolves.toEqual({ accessToken: "a", refreshToken: "r" });
    await deviceTokenStore.clear();
    await expect(deviceTokenStore.get()).resolves.toBeNull();
  });

  it("treats half a session as none", async () => {
    const kv = new Map<string, string>([["verzek.access_token", "a"]]);
    const store = keyValueTokenStore({
      getItem: (k) => Promise.resolve(kv.get(k) ?? null),
      setItem: (k, v) => Promise.resolve(void kv.set(k, v)),
      deleteItem: (k) => Promise.resolve(void kv.delete(k)),
    });
    await expect(store.get()).resolves.toBeNull();
  });
});
