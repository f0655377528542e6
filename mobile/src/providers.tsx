import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { SafeAreaProvider } from "react-native-safe-area-context";
import type { TApiClient } from "./api/http";
import { AuthProvider } from "./auth/auth-context";
import { PushProvider } from "./notifications/push-context";
import { noPush, type TPushPort } from "./notifications/push-port";
import { createQueryClient } from "./query-client";

export function AppProviders({ client, queryClient, push = noPush, children }: { client: TApiClient; queryClient?: QueryClient; push?: TPushPort; children: ReactNode }) {
  const [ownQueryClient] = useState(() => queryClient ?? createQueryClient());
  return (
    <SafeAreaProvider>
      <QueryClientProvider client={ownQueryClient}>
        <AuthProvider client={client}>
          <PushProvider port={push}>{children}</PushProvider>
        </AuthProvider>
      </QueryClientProvider>
    </SafeAreaProvider>
  );
}
