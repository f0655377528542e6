// The feed's and a signal's server state (TanStack Query); screens hold layout only.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { getMe, getSignal, listSignals } from "../api/endpoints";
import type { TSignal } from "../api/schemas";
import { useApi } from "../auth/auth-context";

export const FEED_PAGE_SIZE = 20;
export const feedKey = ["signals", "feed"] as const;
export const signalKey = (id: string) => ["signals", "one", id] as const;

export function useFeed() {
  const client = useApi();
  return useInfiniteQuery({
    queryKey: feedKey,
    queryFn: ({ pageParam, signal }) => listSignals(client, { cursor: pageParam, limit: FEED_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useSignal(id: string) {
  const client = useApi();
  return useQuery({ queryKey: signalKey(id), queryFn: ({ signal }) => getSignal(client, id, signal), enabled: id.length > 0 });
}

// staleTime 0: the plan decides what the user may do, so every screen that opens asks again — an
// admin's change of plan (or a payment verified) shows at once, not after the app's 15 s freshness.
export function useMe() {
  const client = useApi();
  return useQuery({ queryKey: ["me"], queryFn: () => getMe(client), staleTime: 0 });
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Refetches when the first locked signal unlocks, so a TRIAL viewer gets its prices on time. */
export function useRefetchAtUnlock(signals: readonly Pick<TSignal, "locked" | "unlocks_at">[], refetch: () => unknown, now: number) {
  const next = signals.reduce<number | null>((soonest, s) => {
    if (!s.locked || !s.unlocks_at) return soonest;
    const at = new Date(s.unlocks_at).getTime();
    return at > now && (soonest === null || at < soonest) ? at : soonest;
  }, null);
  useEffect(() => {
    if (next === null) return;
    const timer = setTimeout(() => void refetch(), Math.min(MAX_TIMER_MS, next - Date.now() + 1_000));
    return () => clearTimeout(timer);
  }, [next, refetch]);
}
