// The session as the app sees it: loading (reading the stored tokens), signed out or signed in.
// The API client reports a session the server refused; signing out drops every cached answer.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { register as registerCall, signIn as signInCall, signOut as signOutCall, type TRegisterInput } from "../api/endpoints";
import type { TApiClient } from "../api/http";

export type TAuthStatus = "loading" | "signedOut" | "signedIn";

type TAuth = {
  status: TAuthStatus;
  signIn: (input: { email: string; password: string }) => Promise<void>;
  register: (input: TRegisterInput) => Promise<void>;
  signOut: () => Promise<void>;
  /** Work to do with the session still valid, just before signing out (e.g. unregistering this phone's pushes). */
  onBeforeSignOut: (hook: () => Promise<void>) => () => void;
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

  const beforeSignOut = useRef(new Set<() => Promise<void>>());
  const onBeforeSignOut = useCallback((hook: () => Promise<void>) => {
    beforeSignOut.current.add(hook);
    return () => void beforeSignOut.current.delete(hook);
  }, []);

  const signOut = useCallback(async () => {
    await Promise.all([...beforeSignOut.current].map((hook) => hook().catch(() => undefined)));
    await signOutCall(client);
    queryClient.clear();
    setStatus("signedOut");
  }, [client, queryClient]);

  const auth = useMemo(() => ({ status, signIn, register, signOut, onBeforeSignOut }), [status, signIn, register, signOut, onBeforeSignOut]);
  return (
    <ApiContext.Provider value={client}>
      <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
    </ApiContext.Provider>
  );
}
