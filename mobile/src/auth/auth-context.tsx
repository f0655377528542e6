// The session as the app sees it: loading (reading the stored tokens), signed out or signed in.
// The API client reports a session the server refused; signing out drops every cached answer.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { register as registerCall, signIn as signInCall, signOut as signOutCall, type TRegisterInput } from "../api/endpoints";
import type { TApiClient } from "../api/http";

export type TAuthStatus = "loading" | "signedOut" | "signedIn";

type TAuth = {
  status: TAuthStatus;
  signIn: (input: { email: string; password: string }) => Promise<void>;
  register: (input: TRegisterInput) => Promise<void>;
  signOut: () => Promise<void>;
};

const ApiContext = createContext<TApiClient | null>(null);
const AuthContext = createContext<TAuth | null>(null);

export function useApi(): TApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error("useApi must be used inside <AuthProvider>");
  return client;
}

export function useAuth(): TAuth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth must be used inside <AuthProvider>");
  return auth;
}

export function AuthProvider({ client, children }: { client: TApiClient; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<TAuthStatus>("loading");

  useEffect(() => {
    let live = true;
    client.tokens
      .get()
      .then((tokens) => live && setStatus(tokens ? "signedIn" : "signedOut"))
      .catch(() => live && setStatus("signedOut"));
    const unsubscribe = client.onSessionEnded(() => {
      queryClient.clear();
      setStatus("signedOut");
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, queryClient]);

  const signIn = useCallback(
    async (input: { email: string; password: string }) => {
      const user = await signInCall(client, input);
      queryClient.setQueryData(["me"], user);
      setStatus("signedIn");
    },
    [client, queryClient],
  );

  const register = useCallback(
    async (input: TRegisterInput) => {
      const user = await registerCall(client, input);
      queryClient.setQueryData(["me"], user);
      setStatus("signedIn");
    },
    [client, queryClient],
  );

  const signOut = useCallback(async () => {
    await signOutCall(client);
    queryClient.clear();
    setStatus("signedOut");
  }, [client, queryClient]);

  const auth = useMemo(() => ({ status, signIn, register, signOut }), [status, signIn, register, signOut]);
  return (
    <ApiContext.Provider value={client}>
      <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
    </ApiContext.Provider>
  );
}
