// Registers the phone for pushes while signed in (POST /api/devices), unregisters it before
// sign-out (DELETE /api/devices/:token), and opens the screen a tapped push is about.
import { useRouter } from "expo-router";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { registerDevice, unregisterDevice } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useApi, useAuth } from "../auth/auth-context";
import { pushTarget, type TPushPort } from "./push-port";

export type TPushState = { status: "off" } | { status: "registering" } | { status: "on"; token: string } | { status: "unavailable"; message: string } | { status: "error"; message: string };
type TPushContext = { state: TPushState; retry: () => void };

const PushContext = createContext<TPushContext>({ state: { status: "off" }, retry: () => undefined });
export const usePush = () => useContext(PushContext);

export function PushProvider({ port, children }: { port: TPushPort; children: ReactNode }) {
  const client = useApi();
  const { status, onBeforeSignOut } = useAuth();
  const router = useRouter();
  const [attempt, setAttempt] = useState(0);
  // The outcome of the registration for this session and attempt; anything older is not shown.
  const [outcome, setOutcome] = useState<{ key: string; state: TPushState } | null>(null);
  const key = `${status}:${attempt}`;
  const token = useRef<string | null>(null);

  useEffect(() => {
    if (status !== "signedIn") {
      token.current = null;
      return;
    }
    let live = true;
    const settle = (state: TPushState) => live && setOutcome({ key, state });
    (async () => {
      const result = await port.register();
      if ("unavailable" in result) return settle({ status: "unavailable", message: result.unavailable });
      await registerDevice(client, result.token, port.platform);
      token.current = result.token;
      settle({ status: "on", token: result.token });
    })().catch((err: unknown) => settle({ status: "error", message: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, [status, port, client, key]);

  // Before the tokens are forgotten: this phone stops getting the account's pushes.
  useEffect(
    () =>
      onBeforeSignOut(async () => {
        const registered = token.current;
        token.current = null;
        if (registered) await unregisterDevice(client, registered).catch(() => undefined);
      }),
    [onBeforeSignOut, client],
  );

  useEffect(() => port.onOpen?.((data) => router.push(pushTarget(data))), [port, router]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const value = useMemo(() => {
    const state: TPushState = status !== "signedIn" ? { status: "off" } : outcome?.key === key ? outcome.state : { status: "registering" };
    return { state, retry };
  }, [status, outcome, key, retry]);
  return <PushContext.Provider value={value}>{children}</PushContext.Provider>;
}
