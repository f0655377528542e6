import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { getSettings, getSubscription, saveSettings, type TSettingsGroup } from "../api/endpoints";
import type { TSettings } from "../api/schemas";
import { useApi } from "../auth/auth-context";

export const settingsKey = (userId: number, group: TSettingsGroup) => ["settings", userId, group] as const;

export function useSubscription(userId: number | undefined) {
  const client = useApi();
  return useQuery({ queryKey: ["subscription", userId], queryFn: () => getSubscription(client, userId!), enabled: userId !== undefined });
}

export function useSettingsGroup(userId: number | undefined, group: TSettingsGroup) {
  const client = useApi();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: settingsKey(userId ?? 0, group), queryFn: () => getSettings(client, userId!, group), enabled: userId !== undefined });
  const save = useCallback(
    async (changes: TSettings) => {
      const saved = await saveSettings(client, userId!, group, changes);
      queryClient.setQueryData(settingsKey(userId!, group), saved);
      // The risk limits screen shows the same group; a new username is the session's too.
      if (group === "risk") void queryClient.invalidateQueries({ queryKey: ["risk-limits"] });
      if (group === "general") void queryClient.invalidateQueries({ queryKey: ["me"] });
      return saved;
    },
    [client, queryClient, userId, group],
  );
  return { query, save };
}
