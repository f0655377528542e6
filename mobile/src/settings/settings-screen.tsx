// Settings (SPEC §11): the plan and its expiry, then the general, risk, strategy and DCA groups,
// each loaded from and saved to the server on its own.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { TSettingsGroup } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useMe } from "../signals/queries";
import { formatDateTime } from "../signals/format";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { Button } from "../ui/button";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";
import { DCA_FIELDS, GENERAL_FIELDS, RISK_FIELDS, STRATEGY_FIELDS, type TFieldSpec } from "./fields";
import { useSettingsGroup, useSubscription } from "./queries";
import { SettingsForm } from "./settings-form";
import { TelegramCard } from "./telegram-card";

const GROUPS: { group: TSettingsGroup; title: string; fields: TFieldSpec[] }[] = [
  { group: "general", title: "General", fields: GENERAL_FIELDS },
  { group: "risk", title: "Risk", fields: RISK_FIELDS },
  { group: "strategy", title: "Strategy", fields: STRATEGY_FIELDS },
  { group: "dca", title: "DCA", fields: DCA_FIELDS },
];

export function SettingsScreen() {
  const me = useMe();
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => Promise.all([queryClient.refetchQueries({ queryKey: ["me"] }), queryClient.refetchQueries({ queryKey: ["subscription"] }), queryClient.refetchQueries({ queryKey: ["settings"] }), queryClient.refetchQueries({ queryKey: ["membership"] })]),
    [queryClient],
  );
  if (me.isPending) return <LoadingState label="Loading settings" />;
  if (!me.data) return <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />;
  const userId = me.data.id;
  return (
    <RefreshableScroll label="Settings" onRefresh={refresh}>
      <PlanCard userId={userId} />
      <TelegramCard />
      {GROUPS.map((g) => (
        <GroupSection key={g.group} userId={userId} {...g} />
      ))}
    </RefreshableScroll>
  );
}

function PlanCard({ userId }: { userId: number }) {
  const sub = useSubscription(userId);
  if (sub.isPending) return <LoadingState label="Loading plan" />;
  if (!sub.data) return <ErrorState message={errorMessage(sub.error)} onRetry={() => void sub.refetch()} />;
  const { plan, effective_plan, plan_expires_at } = sub.data;
  const expired = plan !== effective_plan;
  return (
    <Card title="Plan">
      <Row label="Plan" value={plan} tone={colors.accent} />
      <Row label="Expires" value={plan_expires_at ? formatDateTime(plan_expires_at) : plan === "TRIAL" ? "—" : "never"} />
      {expired ? <Note tone={colors.danger}>Your {plan} plan has expired: you have TRIAL access until you renew.</Note> : null}
    </Card>
  );
}

function GroupSection({ userId, group, title, fields }: { userId: number; group: TSettingsGroup; title: string; fields: TFieldSpec[] }) {
  const { query, save } = useSettingsGroup(userId, group);
  if (query.isPending) return <LoadingState label={`Loading ${title.toLowerCase()} settings`} />;
  if (!query.data) {
    return (
      <Card title={title}>
        <ErrorBanner message={errorMessage(query.error)} />
        <Button label={`Reload ${title.toLowerCase()} settings`} variant="secondary" onPress={() => void query.refetch()} />
      </Card>
    );
  }
  return <SettingsForm title={title} fields={fields} values={query.data} save={save} />;
}
