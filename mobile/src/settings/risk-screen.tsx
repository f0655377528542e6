// Risk limits (SPEC §7): where the user stands today against their limits, and the limits
// themselves, saved through /api/risk/limits/me (the same validation as the risk settings group).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { getRiskLimits, saveRiskLimits } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TSettings } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { formatUsdt } from "../positions/format";
import { HaltedBanner, SafetyBadge } from "../safety/safety";
import { formatPct } from "../signals/format";
import { Card, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorState, LoadingState } from "../ui/states";
import { RISK_FIELDS } from "./fields";
import { SettingsForm } from "./settings-form";

const riskKey = ["risk-limits"] as const;

export function RiskScreen() {
  const client = useApi();
  const queryClient = useQueryClient();
  const limits = useQuery({ queryKey: riskKey, queryFn: () => getRiskLimits(client) });
  const save = useCallback(
    async (changes: TSettings) => {
      const saved = await saveRiskLimits(client, changes);
      queryClient.setQueryData(riskKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["settings"] });
      return saved;
    },
    [client, queryClient],
  );
  if (limits.isPending) return <LoadingState label="Loading risk limits" />;
  if (!limits.data) return <ErrorState message={errorMessage(limits.error)} onRetry={() => void limits.refetch()} />;
  const { current } = limits.data;
  const maxOpen = limits.data.max_concurrent_trades;
  const maxDaily = limits.data.max_daily_trades;
  return (
    <RefreshableScroll label="Risk limits" onRefresh={() => limits.refetch()}>
      <HaltedBanner />
      <SafetyBadge />
      <Card title="Today">
        <Row label="Open trades" value={`${current.open_trades} of ${String(maxOpen)}`} />
        <Row label="Trades today" value={`${current.today_trades} of ${String(maxDaily)}`} />
        <Row label="Exposure" value={`${current.exposure_usdt} USDT`} />
        <Row label="Realized P&L" value={`${formatUsdt(current.today_pnl_usdt)} (${formatPct(current.today_pnl_pct)})`} />
      </Card>
      <SettingsForm title="Limits" fields={RISK_FIELDS} values={limits.data} save={save} />
    </RefreshableScroll>
  );
}
