// Keeps the feed's cache current from the live stream: a new signal goes on top of the first
// page, an event replaces its signal where it is shown and refreshes that signal's detail.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { TSignalPage } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { connectLiveFeed, type TLiveMessage, type TLiveStatus } from "./live-feed";
import { feedKey, signalKey } from "./queries";

export function applyLiveMessage(data: InfiniteData<TSignalPage, string | null> | undefined, message: TLiveMessage) {
  if (!data) return data;
  const { signal } = message;
  const shown = data.pages.some((p) => p.signals.some((s) => s.id === signal.id));
  if (shown) {
    return { ...data, pages: data.pages.map((p) => ({ ...p, signals: p.signals.map((s) => (s.id === signal.id ? signal : s)) })) };
  }
  if (message.kind !== "signal") return data;
  const [first, ...rest] = data.pages;
  return { ...data, pages: [{ ...(first ?? { next_cursor: null }), signals: [signal, ...(first?.signals ?? [])] }, ...rest] };
}

export function useLiveFeed(): TLiveStatus {
  const client = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<TLiveStatus>("connecting");
  useEffect(
    () =>
      connectLiveFeed({
        client,
        onStatus: setStatus,
        onMessage: (message) => {
          queryClient.setQueryData<InfiniteData<TSignalPage, string | null>>(feedKey, (data) => applyLiveMessage(data, message));
          if (message.kind === "signal_event") void queryClient.invalidateQueries({ queryKey: signalKey(message.signal.id) });
        },
      }),
    [client, queryClient],
  );
  return status;
}
