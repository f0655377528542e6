"use client";
// The dashboard's one live stream (GET /api/admin/live, SSE; the session cookie authenticates it):
// each event names what changed and refreshes the queries that show it, so screens update without
// a reload and without polling. While the stream is down, screens poll slowly instead
// (useLiveFallback). EventSource re-connects by itself; after a re-connect, or when the server
// says announcements may have been missed (`resync`), everything live is refreshed once.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useTRPC } from "./trpc-provider";

type TState = "connecting" | "live" | "reconnecting";
const LiveContext = createContext<TState>("connecting");

/** The events of /api/admin/live that refresh queries (server/admin-live-stream.ts). */
const TOPICS = ["signals", "delivery", "positions", "membership", "payments", "safety"] as const;
type TTopic = (typeof TOPICS)[number];

export function LiveUpdates({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<TState>("connecting");
  useEffect(() => {
    const keys: Record<TTopic, QueryKey[]> = {
      signals: [trpc.signals.pathKey(), trpc.analytics.pathKey()],
      // The membership screens show removals' errors and invites' delivery from the outbox.
      delivery: [trpc.delivery.pathKey(), trpc.membership.pathKey()],
      positions: [trpc.autoTrader.pathKey(), trpc.signals.copyReport.pathKey(), trpc.users.positions.pathKey()],
      membership: [trpc.membership.pathKey()],
      // A payment decided changes the revenue KPIs and the payer's plan on the users screens.
      payments: [trpc.payments.pathKey(), trpc.analytics.pathKey(), trpc.users.pathKey()],
      // The kill switch and the circuit breaker: the banner, the overview's status, the risk screen
      // and its events (a refused trade is a risk event too, listed per user as well).
      safety: [trpc.safety.pathKey(), trpc.analytics.pathKey(), trpc.users.riskEvents.pathKey()],
    };
    const refresh = (topics: readonly TTopic[]) => {
      for (const queryKey of new Set(topics.flatMap((t) => keys[t]))) void queryClient.invalidateQueries({ queryKey });
    };
    const source = new EventSource("/api/admin/live");
    let dropped = false;
    source.addEventListener("open", () => {
      setState("live");
      // What changed while the stream was down was never announced to this page.
      if (dropped) refresh(TOPICS);
      dropped = false;
    });
    source.addEventListener("error", () => {
      dropped = true;
      setState("reconnecting");
    });
    for (const topic of TOPICS) source.addEventListener(topic, () => refresh([topic]));
    source.addEventListener("resync", () => refresh(TOPICS));
    return () => source.close();
  }, [queryClient, trpc]);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

/** A query's refetchInterval: none while the live stream is up, `ms` while it is down. */
export function useLiveFallback(ms: number): number | false {
  return useContext(LiveContext) === "live" ? false : ms;
}

export function LiveStatus() {
  const state = useContext(LiveContext);
  return (
    <span data-testid="live-feed" className={`text-xs ${state === "live" ? "text-emerald-300" : "text-amber-300"}`}>
      {state === "live" ? "● Live" : state === "connecting" ? "○ Connecting…" : "○ Reconnecting…"}
    </span>
  );
}
