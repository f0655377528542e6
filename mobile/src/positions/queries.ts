import { useQuery } from "@tanstack/react-query";
import { getPosition, getPositionHistory, listOpenPositions } from "../api/endpoints";
import { useApi } from "../auth/auth-context";

export const positionsKey = ["positions"] as const;

export function useOpenPositions() {
  const client = useApi();
  return useQuery({ queryKey: [...positionsKey, "open"], queryFn: ({ signal }) => listOpenPositions(client, signal) });
}

export function usePositionHistory(enabled: boolean) {
  const client = useApi();
  return useQuery({ queryKey: [...positionsKey, "history"], queryFn: ({ signal }) => getPositionHistory(client, 30, signal), enabled });
}

export function usePosition(id: string) {
  const client = useApi();
  return useQuery({ queryKey: [...positionsKey, "one", id], queryFn: ({ signal }) => getPosition(client, id, signal), enabled: id.length > 0 });
}
