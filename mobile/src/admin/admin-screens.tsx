// Admin screens for admins (SPEC §11): the overview, signal statistics and partners, read from the
// platform's admin REST routes. Non-admins never see the way here; if they come anyway the
// server's 403 is shown in its words.
import { useRouter } from "expo-router";
import { useState } from "react";
import { View } from "react-native";
import { errorMessage } from "../api/errors";
import { formatDateTime } from "../signals/format";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { ChoiceField } from "../ui/fields";
import { RefreshableScroll } from "../ui/refreshable";
import { EmptyState, ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors } from "../ui/theme";
import { useAdminOverview, usePartners, useSignalStats } from "./queries";

export function AdminOverviewScreen() {
  const router = useRouter();
  const overview = useAdminOverview();
  if (overview.isPending) return <LoadingState label="Loading the overview" />;
  if (!overview.data) return <ErrorState message={errorMessage(overview.error)} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  return (
    <RefreshableScroll label="Admin overview" onRefresh={() => overview.refetch()}>
      {o.kill_switch.on ? <ErrorBanner message={`HALTED${o.kill_switch.reason ? `: ${o.kill_switch.reason}` : ""}`} /> : null}
      <Card title="Subscribers">
        <Row label="Users" value={String(o.total_users)} />
        <Row label="VIP" value={String(o.vip_users)} />
        <Row label="PREMIUM" value={String(o.premium_users)} />
        <Row label="TRIAL" value={String(o.trial_users)} />
        <Row label="Sign-ups today / 7 days" value={`${o.signups.today} / ${o.signups.last_7d}`} />
      </Card>
      <Card title="Revenue (USDT)">
        <Row label="Today" value={o.revenue_usdt.today} tone={colors.primary} />
        <Row label="Last 7 days" value={o.revenue_usdt.last_7d} />
        <Row label="Last 30 days" value={o.revenue_usdt.last_30d} />
        <Row label="All time" value={o.revenue_usdt.all_time} />
        <Row label="Payments pending" value={String(o.pending_payments)} tone={o.pending_payments > 0 ? colors.accent : undefined} />
      </Card>
      <Card title="Signals and trading">
        <Row label="Signals today / open / all" value={`${o.signals_today} / ${o.signals_open} / ${o.signals_sent}`} />
        <Row label="Auto-traders" value={String(o.auto_traders_enabled)} />
        <Row label="Open positions (paper / live)" value={`${o.open_positions.paper} / ${o.open_positions.live}`} />
      </Card>
      <Note>As of {formatDateTime(o.as_of)}</Note>
      <Button label="Signal statistics" variant="secondary" onPress={() => router.push("/admin/signal-stats")} />
      <Button label="Partners" variant="secondary" onPress={() => router.push("/admin/partners")} />
      {overview.isRefetchError ? <ErrorBanner message={`Could not refresh: ${errorMessage(overview.error)}`} /> : null}
    </RefreshableScroll>
  );
}

const PERIODS = ["7 days", "30 days", "90 days"] as const;
type TPeriod = (typeof PERIODS)[number];

export function SignalStatsScreen() {
  const [period, setPeriod] = useState<TPeriod>("30 days");
  const stats = useSignalStats(Number.parseInt(period, 10));
  let body;
  if (stats.isPending) body = <LoadingState label="Loading signal statistics" />;
  else if (!stats.data) body = <ErrorState message={errorMessage(stats.error)} onRetry={() => void stats.refetch()} />;
  else if (stats.data.overall.signals === 0) body = <EmptyState title={`No signals in the last ${period}`} />;
  else {
    const o = stats.data.overall;
    body = (
      <>
        <Card title={`Last ${period}`}>
          <Row label="Signals (open / closed)" value={`${o.signals} (${o.open} / ${o.closed})`} />
          <Row label="Wins / losses" value={`${o.wins} / ${o.losses}`} />
          <Row label="Win rate" value={o.win_rate_pct === null ? "—" : `${o.win_rate_pct}%`} tone={colors.primary} />
          <Row label="Average profit" value={o.avg_profit_pct === null ? "—" : `${o.avg_profit_pct}%`} />
          <Row label="Total profit" value={`${o.total_profit_pct}%`} />
        </Card>
        <Card title="Per symbol">
          {stats.data.per_symbol.map((s) => (
            <Row key={s.symbol} label={s.symbol} value={`${s.signals} signals · ${s.win_rate_pct === null ? "—" : `${s.win_rate_pct}% won`} · ${s.total_profit_pct}%`} />
          ))}
        </Card>
      </>
    );
  }
  return (
    <RefreshableScroll label="Signal statistics" onRefresh={() => stats.refetch()}>
      <ChoiceField label="Period" value={period} choices={PERIODS} onChange={setPeriod} />
      {body}
    </RefreshableScroll>
  );
}

export function PartnersScreen() {
  const [q, setQ] = useState("");
  const partners = usePartners(q);
  let body;
  if (partners.isPending) body = <LoadingState label="Loading partners" />;
  else if (!partners.data) body = <ErrorState message={errorMessage(partners.error)} onRetry={() => void partners.refetch()} />;
  else if (partners.data.partners.length === 0) body = <EmptyState title={q.trim() ? `No partner matches “${q.trim()}”` : "No partners yet"} detail={q.trim() ? undefined : "Partners are added in the admin dashboard."} />;
  else
    body = partners.data.partners.map((p) => (
      <Card key={p.id} title={p.name}>
        <Row label="Referral code" value={p.referral_code} />
        {p.telegram_handle ? <Row label="Telegram" value={p.telegram_handle} /> : null}
        <Row label="Referrals (paid)" value={`${p.total_referrals} (${p.paid_referrals})`} />
        <Row label="Earnings" value={`${p.earnings} USDT`} tone={colors.primary} />
      </Card>
    ));
  return (
    <RefreshableScroll label="Partners" onRefresh={() => partners.refetch()}>
      <TextField label="Search partners" value={q} onChangeText={setQ} autoCapitalize="none" autoCorrect={false} placeholder="Name, code or email" />
      {partners.data ? <Note>{partners.data.total} partner{partners.data.total === 1 ? "" : "s"}</Note> : null}
      <View style={{ gap: 12 }}>{body}</View>
    </RefreshableScroll>
  );
}
