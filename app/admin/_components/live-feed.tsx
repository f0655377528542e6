"use client";
// The signal feed's SSE (the session cookie authenticates it): every new signal or event
// refreshes the signal queries, so lists and pages update without a reload. EventSource
// reconnects by itself and resumes with Last-Event-ID.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "./trpc-provider";

export function LiveFeed() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<"connecting" | "live" | "reconnecting">("connecting");
  useEffect(() => {
    const source = new EventSource("/api/signals/stream");
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: trpc.signals.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() });
    };
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("error", () => setState("reconnecting"));
    source.addEventListener("signal", refresh);
    source.addEventListener("signal_event", refresh);
    return () => source.close();
  }, [queryClient, trpc]);
  return (
    <span data-testid="live-feed" className={`text-xs ${state === "live" ? "text-emerald-300" : "text-amber-300"}`}>
      {state === "live" ? "● Live" : state === "connecting" ? "○ Connecting…" : "○ Reconnecting…"}
    </span>
  );
}
