import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { PersistQueryClientProvider, type Persister } from "@tanstack/react-query-persist-client";
import { useState, type ReactNode } from "react";
import { SafeAreaProvider } from "react-native-safe-area-context";
import type { TApiClient } from "./api/http";
import { AuthProvider } from "./auth/auth-context";
import { PushProvider } from "./notifications/push-context";
import { noPush, type TPushPort } from "./notifications/push-port";
import { createQueryClient } from "./query-client";
import { persistOptions } from "./query-persistence";

type TProps = { client: TApiClient; queryClient?: QueryClient; push?: TPushPort; persister?: Persister; children: ReactNode };

/** With a persister the cache is restored from the device before the screens query. */
export function AppProviders({ client, queryClient, push = noPush, persister, children }: TProps) {
  const [ownQueryClient] = useState(() => queryClient ?? createQueryClient());
  const [options] = useState(() => (persister ? persistOptions(persister) : null));
  const inner = (
    <AuthProvider client={client}>
      <PushProvider port={push}>{children}</PushProvider>
    </AuthProvider>
  );
  return (
    <SafeAreaProvider>
      {options ? (
        <PersistQueryClientProvider client={ownQueryClient} persistOptions={options}>
          {inner}
        </PersistQueryClientProvider>
      ) : (
        <QueryClientProvider client={ownQueryClient}>{inner}</QueryClientProvider>
      )}
    </SafeAreaProvider>
  );
}
