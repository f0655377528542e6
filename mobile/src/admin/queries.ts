// The admin screens' reads (REST routes of SPEC §9 the server keeps for admins: 403 for others).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getAdminOverview, getSignalStats, listPartners } from "../api/endpoints";
import { useApi } from "../auth/auth-context";

export function useAdminOverview() {
  const client = useApi();
  return useQuery({ queryKey: ["admin", "overview"], queryFn: ({ signal }) => getAdminOverview(client, signal) });
}

export function useSignalStats(days: number) {
  const client = useApi();
  return useQuery({ queryKey: ["admin", "signal-stats", days], queryFn: ({ signal }) => getSignalStats(client, days, signal), placeholderData: keepPreviousData });
}

export function usePartners(q: string) {
  const client = useApi();
  return useQuery({ queryKey: ["admin", "partners", q.trim()], queryFn: ({ signal }) => listPartners(client, q, signal), placeholderData: keepPreviousData });
}
