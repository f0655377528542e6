// Renders the real app (root stack, screens, providers) in expo-router's in-memory router, wired
// to a fake platform. One QueryClient per test, cleared afterwards (a live one keeps Jest running).
import { QueryClient } from "@tanstack/react-query";
import type { Persister } from "@tanstack/react-query-persist-client";
import { renderRouter } from "expo-router/testing-library";
import { createApiClient } from "../src/api/http";
import { memoryTokenStore, type TTokens } from "../src/api/token-store";
import { RegisterScreen } from "../src/auth/register-screen";
import { SignInScreen } from "../src/auth/sign-in-screen";
import { AppProviders } from "../src/providers";
import { RootStack } from "../src/root-stack";
import { FeedScreen } from "../src/signals/feed-screen";
import { SignalDetailScreen } from "../src/signals/signal-detail-screen";
import { AccountScreen } from "../src/account/account-screen";
import { ExchangeScreen } from "../src/exchange/exchange-screen";
import { PositionDetailScreen } from "../src/positions/position-detail-screen";
import { PositionsScreen } from "../src/positions/positions-screen";
import { RiskScreen } from "../src/settings/risk-screen";
import { SettingsScreen } from "../src/settings/settings-screen";
import { TradeScreen } from "../src/trade/trade-screen";
import { PayScreen } from "../src/payments/pay-screen";
import { PlansScreen } from "../src/payments/plans-screen";
import { NotificationsScreen } from "../src/notifications/notifications-screen";
import { AdminOverviewScreen, PartnersScreen, SignalStatsScreen } from "../src/admin/admin-screens";
import type { TPushPort } from "../src/notifications/push-port";
import { API_KEY, type fakePlatform } from "./fake-platform";

const clients = new Set<QueryClient>();
afterEach(() => {
  for (const c of clients) c.clear();
  clients.clear();
});

export const SIGNED_IN: TTokens = { accessToken: "access-1", refreshToken: "refresh-1" };

export async function renderApp(platform: ReturnType<typeof fakePlatform>, options: { initialUrl?: string; tokens?: TTokens | null; queryClient?: QueryClient; push?: TPushPort; persister?: Persister } = {}) {
  const tokens = memoryTokenStore(options.tokens === undefined ? SIGNED_IN : options.tokens);
  const client = createApiClient({ baseUrl: "http://platform.test", apiKey: API_KEY, tokens, fetch: platform.fetch });
  const queryClient = options.queryClient ?? testQueryClient();
  clients.add(queryClient);
  function Layout() {
    return (
      <AppProviders client={client} queryClient={queryClient} push={options.push} persister={options.persister}>
        <RootStack />
      </AppProviders>
    );
  }
  const result = await renderRouter(
    {
      _layout: Layout,
      index: FeedScreen,
      "sign-in": SignInScreen,
      register: RegisterScreen,
      "signals/[id]": SignalDetailScreen,
      account: AccountScreen,
      "positions/index": PositionsScreen,
      "positions/[id]": PositionDetailScreen,
      trade: TradeScreen,
      exchange: ExchangeScreen,
      risk: RiskScreen,
      settings: SettingsScreen,
      plans: PlansScreen,
      pay: PayScreen,
      notifications: NotificationsScreen,
      "admin/index": AdminOverviewScreen,
      "admin/signal-stats": SignalStatsScreen,
      "admin/partners": PartnersScreen,
    },
    { initialUrl: options.initialUrl ?? "/" },
  );
  return { ...result, tokens, client, queryClient };
}

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}
