import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { SafeAreaProvider } from "react-native-safe-area-context";
import type { TApiClient } from "./api/http";
import { AuthProvider } from "./auth/auth-context";
import { createQueryClient } from "./query-client";

export function AppProviders({ client, queryClient, children }: { client: TApiClient; queryClient?: QueryClient; children: ReactNode }) {
  const [ownQueryClient] = useState(() => queryClient ?? createQueryClient());
  return (
    <SafeAreaProvider>
      <QueryClientProvider client={ownQueryClient}>
        <AuthProvider client={client}>{children}</AuthProvider>
      </QueryClientProvider>
    </SafeAreaProvider>
  );
}
