// The platform's safety state from /api/safety/widget, polled every 60 s (one query shared by every
// screen that shows it): a badge with today's drawdown against the limit, and a HALTED banner while
// the kill switch stops all new trades.
import { useQuery } from "@tanstack/react-query";
import { StyleSheet, Text, View } from "react-native";
import { getSafetyWidget } from "../api/endpoints";
import { useApi } from "../auth/auth-context";
import { colors, radius, space } from "../ui/theme";

export const SAFETY_POLL_MS = 60_000;
export const safetyKey = ["safety"] as const;

// staleTime 0: a screen that mounts asks again, so a kill switch turned on since the last poll shows
// at once — the app-wide 15 s freshness (and the cache restored at start) would hide it up to a minute.
export function useSafety() {
  const client = useApi();
  return useQuery({ queryKey: safetyKey, queryFn: ({ signal }) => getSafetyWidget(client, signal), staleTime: 0, refetchInterval: SAFETY_POLL_MS, refetchIntervalInBackground: false });
}

export function SafetyBadge() {
  const safety = useSafety();
  if (!safety.data) {
    const label = safety.isError ? "Safety: unknown" : "Safety: checking";
    return (
      <View style={[styles.badge, styles.neutral]} accessibilityLabel={label}>
        <Text style={styles.badgeText}>{label}</Text>
      </View>
    );
  }
  const { kill_switch, today_dd_pct, max_dd_limit } = safety.data;
  const dd = `${Number(today_dd_pct).toFixed(1)}% / ${Number(max_dd_limit)}%`;
  const label = kill_switch ? `Safety: HALTED, drawdown ${dd}` : `Safety: OK, drawdown ${dd}`;
  return (
    <View style={[styles.badge, kill_switch ? styles.halted : styles.ok]} accessibilityLabel={label}>
      <Text style={styles.badgeText}>{kill_switch ? "HALTED" : "Safety OK"}</Text>
      <Text style={styles.badgeDetail}>DD {dd}</Text>
    </View>
  );
}

export function HaltedBanner() {
  const safety = useSafety();
  if (!safety.data?.kill_switch) return null;
  return (
    <View style={styles.banner} accessibilityRole="alert" accessibilityLabel="HALTED: trading is paused by the platform's kill switch. No new trades are opened; open positions are still managed.">
      <Text style={styles.bannerTitle}>HALTED</Text>
      <Text style={styles.bannerText}>Trading is paused by the platform's kill switch. No new trades are opened; open positions are still managed.</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  badge: { flexDirection: "row", alignItems: "center", gap: space.sm, borderRadius: radius.md, paddingHorizontal: space.md, paddingVertical: space.xs, borderWidth: 1, alignSelf: "flex-start" },
  ok: { borderColor: colors.primary },
  halted: { borderColor: colors.danger, backgroundColor: "#3A1620" },
  neutral: { borderColor: colors.border },
  badgeText: { color: colors.text, fontSize: 13, fontWeight: "700" },
  badgeDetail: { color: colors.muted, fontSize: 12 },
  banner: { backgroundColor: "#3A1620", borderRadius: radius.md, padding: space.md, gap: space.xs, borderWidth: 1, borderColor: colors.danger },
  bannerTitle: { color: colors.danger, fontSize: 16, fontWeight: "800" },
  bannerText: { color: colors.text, fontSize: 14 },
});
