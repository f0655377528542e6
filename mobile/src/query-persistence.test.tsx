import { fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform } from "../test/fake-platform";
import { makePosition, meRoute } from "../test/fixtures";
import { renderApp } from "../test/render-app";
import { CACHE_KEY, CACHE_MAX_AGE_MS, createCachePersister, type TStorage } from "./query-persistence";

function memoryStorage(): TStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => Promise.resolve(map.get(k) ?? null),
    setItem: (k, v) => Promise.resolve(void map.set(k, v)),
    removeItem: (k) => Promise.resolve(void map.delete(k)),
  };
}

const positions = { user_id: 7, positions: [makePosition({ symbol: "SOLUSDT" })], page: 1, per_page: 100, total: 1 };
const online = () => fakePlatform({ ...meRoute(), "GET /api/positions": () => ({ status: 200, body: positions }) });
const offline = () =>
  fakePlatform({
    "GET /api/auth/me": () => {
      throw new TypeError("Network request failed");
    },
    "GET /api/positions": () => {
      throw new TypeError("Network request failed");
    },
  });
const cachedQueries = (storage: ReturnType<typeof memoryStorage>) =>
  (JSON.parse(storage.map.get(CACHE_KEY) ?? '{"clientState":{"queries":[]}}') as { clientState: { queries: { queryKey: unknown[] }[] } }).clientState.queries.map((q) => q.queryKey[0]);

describe("the query cache kept on the device", () => {
  it("a cold start without network shows the last data received, under the offline banner", async () => {
    const storage = memoryStorage();
    const first = await renderApp(online(), { initialUrl: "/positions", persister: createCachePersister(storage, 0) });
    expect(await screen.findByText("SOLUSDT")).toBeTruthy();
    await waitFor(() => expect(cachedQueries(storage)).toContain("positions"));
    await first.unmount();

    await renderApp(offline(), { initialUrl: "/positions", persister: createCachePersister(storage, 0) });
    expect(await screen.findByText("SOLUSDT")).toBeTruthy();
    expect(await screen.findByLabelText(/^Offline since \d\d:\d\d: showing the last data received\.$/)).toBeTruthy();
  });

  it("a cache older than a day, or from another app version, is not shown", async () => {
    for (const change of [{ timestamp: Date.now() - CACHE_MAX_AGE_MS - 1000 }, { buster: "0" }]) {
      const storage = memoryStorage();
      const first = await renderApp(online(), { initialUrl: "/positions", persister: createCachePersister(storage, 0) });
      expect(await screen.findByText("SOLUSDT")).toBeTruthy();
      await waitFor(() => expect(cachedQueries(storage)).toContain("positions"));
      await first.unmount();
      storage.map.set(CACHE_KEY, JSON.stringify({ ...(JSON.parse(storage.map.get(CACHE_KEY)!) as object), ...change }));

      await renderApp(offline(), { initialUrl: "/positions", persister: createCachePersister(storage, 0) });
      expect(await screen.findByRole("button", { name: "Try again" })).toBeTruthy();
      expect(screen.queryByText("SOLUSDT")).toBeNull();
      await screen.unmount();
    }
  });

  it("signing out empties it", async () => {
    const storage = memoryStorage();
    await renderApp(online(), { initialUrl: "/account", persister: createCachePersister(storage, 0) });
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeTruthy();
    await waitFor(() => expect(cachedQueries(storage)).toContain("me"));
    await fireEvent.press(screen.getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(cachedQueries(storage)).toEqual([]));
  });
});
