import { memo } from "react";
import { Pressable, StyleSheet, Text, View } from "react-native";
import type { TSignal } from "../api/schemas";
import { colors, radius, space } from "../ui/theme";
import { formatClock, formatCountdown, formatDateTime, formatPct, statusLabel } from "./format";

type TProps = { signal: TSignal; now: number; onOpen: (id: string) => void };

function SignalCardView({ signal, now, onOpen }: TProps) {
  const long = signal.direction === "LONG";
  const countdown = signal.locked && signal.unlocks_at ? formatCountdown(signal.unlocks_at, now) : null;
  const lockText = signal.locked && signal.unlocks_at ? `Unlocks at ${formatClock(signal.unlocks_at)}${countdown ? ` (${countdown})` : ""}` : null;
  const label = [
    `${signal.symbol} ${signal.direction}`,
    statusLabel(signal),
    signal.locked ? `locked. ${lockText ?? ""}` : `entry ${signal.entry ?? ""}, stop loss ${signal.stop_loss ?? ""}`,
  ].join(", ");

  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityHint="Opens the signal's details"
      onPress={() => onOpen(signal.id)}
      style={({ pressed }) => [styles.card, pressed && styles.pressed]}
      testID={`signal-${signal.id}`}
    >
      <View style={styles.row}>
        <Text style={styles.symbol}>{signal.symbol}</Text>
        <Text style={[styles.direction, { color: long ? colors.long : colors.short, borderColor: long ? colors.long : colors.short }]}>
          {signal.direction} {signal.leverage}x
        </Text>
        <Text style={styles.status}>{statusLabel(signal)}</Text>
      </View>
      {signal.locked ? (
        <View style={styles.locked}>
          <Text style={styles.lockedTitle}>Locked · details for VIP members</Text>
          {lockText ? <Text style={styles.lockedText}>{lockText}</Text> : null}
        </View>
      ) : (
        <View style={styles.row}>
          <Figure label="Entry" value={signal.entry ?? "—"} />
          <Figure label="Stop" value={signal.stop_loss ?? "—"} />
          <Figure label="Targets" value={`${signal.targets_hit}/${signal.targets_count}`} />
          <Figure label="Profit" value={formatPct(signal.realized_profit_pct)} />
        </View>
      )}
      <Text style={styles.time}>{formatDateTime(signal.created_at)}</Text>
    </Pressable>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.figure}>
      <Text style={styles.figureLabel}>{label}</Text>
      <Text style={styles.figureValue} numberOfLines={1}>
        {value}
      </Text>
    </View>
  );
}

export const SignalCard = memo(SignalCardView);

const styles = StyleSheet.create({
  card: { backgroundColor: colors.surface, borderRadius: radius.lg, padding: space.lg, gap: space.md, borderWidth: 1, borderColor: colors.border },
  pressed: { opacity: 0.85 },
  row: { flexDirection: "row", alignItems: "center", gap: space.md },
  symbol: { color: colors.text, fontSize: 18, fontWeight: "700" },
  direction: { fontSize: 12, fontWeight: "700", borderWidth: 1, borderRadius: radius.sm, paddingHorizontal: space.sm, paddingVertical: 2 },
  status: { color: colors.muted, fontSize: 13, marginLeft: "auto" },
  figure: { flex: 1, gap: 2 },
  figureLabel: { color: colors.muted, fontSize: 12 },
  figureValue: { color: colors.text, fontSize: 15, fontWeight: "600" },
  locked: { backgroundColor: colors.surfaceRaised, borderRadius: radius.md, padding: space.md, gap: space.xs },
  lockedTitle: { color: colors.accent, fontSize: 14, fontWeight: "600" },
  lockedText: { color: colors.text, fontSize: 14 },
  time: { color: colors.muted, fontSize: 12 },
});
