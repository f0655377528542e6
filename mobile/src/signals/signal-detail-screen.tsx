import { Stack, useLocalSearchParams, useRouter } from "expo-router";
import { ScrollView, StyleSheet, Text, View } from "react-native";
import { errorMessage } from "../api/errors";
import type { TSignal, TSignalEvent } from "../api/schemas";
import { Button } from "../ui/button";
import { ErrorState, LoadingState } from "../ui/states";
import { colors, radius, space } from "../ui/theme";
import { eventLabel, formatClock, formatCountdown, formatDateTime, formatPct, statusLabel } from "./format";
import { useSignal } from "./queries";
import { useNow } from "./use-now";

export function SignalDetailScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const query = useSignal(id ?? "");
  const now = useNow();
  const router = useRouter();

  if (query.isPending) return <LoadingState label="Loading signal" />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const { signal, events } = query.data;
  const long = signal.direction === "LONG";

  return (
    <ScrollView contentContainerStyle={styles.content}>
      <Stack.Screen options={{ title: signal.symbol }} />
      <View style={styles.headline}>
        <Text accessibilityRole="header" style={styles.symbol}>
          {signal.symbol}
        </Text>
        <Text style={[styles.direction, { color: long ? colors.long : colors.short }]}>
          {signal.direction} · {signal.leverage}x · {signal.trade_type}
        </Text>
      </View>
      <View style={styles.row}>
        <Fact label="Status" value={statusLabel(signal)} />
        <Fact label="Profit" value={formatPct(signal.realized_profit_pct)} />
        <Fact label="Posted" value={formatDateTime(signal.created_at)} />
      </View>
      {signal.locked ? <Locked signal={signal} now={now} /> : <Prices signal={signal} />}
      {!signal.locked && signal.status !== "CANCELLED" && !signal.closed_at ? (
        <Button label="Trade this signal" variant="secondary" onPress={() => router.push({ pathname: "/trade", params: { signal_id: signal.id } })} />
      ) : null}
      <Text accessibilityRole="header" style={styles.section}>
        Timeline
      </Text>
      <Timeline signal={signal} events={events} />
    </ScrollView>
  );
}

function Locked({ signal, now }: { signal: TSignal; now: number }) {
  const countdown = signal.unlocks_at ? formatCountdown(signal.unlocks_at, now) : null;
  return (
    <View style={styles.card}>
      <Text style={styles.lockedTitle}>Locked · details for VIP members</Text>
      {signal.unlocks_at ? (
        <Text style={styles.text}>
          Entry, targets and stop loss unlock at {formatClock(signal.unlocks_at)}
          {countdown ? ` (${countdown})` : ""}.
        </Text>
      ) : null}
    </View>
  );
}

function Prices({ signal }: { signal: TSignal }) {
  return (
    <View style={styles.card}>
      <PriceRow label="Entry" value={signal.entry ?? "—"} />
      <PriceRow label="Stop loss" value={signal.stop_loss ?? "—"} tone={colors.short} />
      {(signal.targets ?? []).map((price, i) => {
        const hit = i < signal.targets_hit;
        return <PriceRow key={`${i}-${price}`} label={`Target ${i + 1}${hit ? " ✓ hit" : ""}`} value={price} tone={hit ? colors.long : undefined} />;
      })}
    </View>
  );
}

function Timeline({ signal, events }: { signal: TSignal; events: TSignalEvent[] }) {
  return (
    <View style={styles.card} accessibilityLabel="Signal timeline">
      <TimelineItem title="Signal posted" time={signal.created_at} />
      {events.map((e) => (
        <TimelineItem
          key={e.id}
          title={eventLabel(e)}
          detail={[e.price ? `at ${e.price}` : null, e.profit_pct ? formatPct(e.profit_pct) : null].filter(Boolean).join(" · ")}
          time={e.created_at}
        />
      ))}
      {events.length === 0 ? <Text style={styles.muted}>No targets or stop hit yet.</Text> : null}
    </View>
  );
}

function TimelineItem({ title, detail, time }: { title: string; detail?: string; time: string }) {
  return (
    <View style={styles.timelineItem}>
      <View style={styles.dot} />
      <View style={styles.flex}>
        <Text style={styles.text}>{title}</Text>
        {detail ? <Text style={styles.muted}>{detail}</Text> : null}
      </View>
      <Text style={styles.muted}>{formatDateTime(time)}</Text>
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.flex}>
      <Text style={styles.muted}>{label}</Text>
      <Text style={styles.text}>{value}</Text>
    </View>
  );
}

function PriceRow({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <View style={styles.priceRow}>
      <Text style={styles.muted}>{label}</Text>
      <Text style={[styles.price, tone ? { color: tone } : null]}>{value}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.lg, backgroundColor: colors.background, flexGrow: 1 },
  headline: { gap: space.xs },
  symbol: { color: colors.text, fontSize: 26, fontWeight: "700" },
  direction: { fontSize: 15, fontWeight: "600" },
  row: { flexDirection: "row", gap: space.md },
  flex: { flex: 1 },
  card: { backgroundColor: colors.surface, borderRadius: radius.lg, padding: space.lg, gap: space.md, borderWidth: 1, borderColor: colors.border },
  priceRow: { flexDirection: "row", justifyContent: "space-between" },
  price: { color: colors.text, fontSize: 16, fontWeight: "600" },
  section: { color: colors.text, fontSize: 18, fontWeight: "700" },
  text: { color: colors.text, fontSize: 15 },
  muted: { color: colors.muted, fontSize: 13 },
  lockedTitle: { color: colors.accent, fontSize: 15, fontWeight: "600" },
  timelineItem: { flexDirection: "row", alignItems: "flex-start", gap: space.md },
  dot: { width: 10, height: 10, borderRadius: 5, backgroundColor: colors.primary, marginTop: 5 },
});
