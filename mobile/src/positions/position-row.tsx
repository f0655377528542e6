import { Pressable, StyleSheet, Text, View } from "react-native";
import type { TPosition } from "../api/schemas";
import { colors, radius, space } from "../ui/theme";
import { formatUsdt, pnlOf, receiptLabel } from "./format";

export function PositionRow({ position: p, onOpen }: { position: TPosition; onOpen: (id: string) => void }) {
  const pnl = pnlOf(p);
  const receipt = receiptLabel(p);
  const tone = Number(pnl ?? 0) >= 0 ? colors.long : colors.short;
  const summary = `${p.symbol} ${p.direction} ${p.mode}, ${p.status}${p.partial ? " partial" : ""}, entry ${p.entry_price ?? "pending"}, P&L ${formatUsdt(pnl)}${receipt ? `, ${receipt}` : ""}`;
  return (
    <Pressable accessibilityRole="button" accessibilityLabel={summary} onPress={() => onOpen(p.id)} style={styles.card}>
      <View style={styles.row}>
        <Text style={styles.symbol}>{p.symbol}</Text>
        <Text style={[styles.direction, { color: p.direction === "LONG" ? colors.long : colors.short }]}>
          {p.direction} {p.leverage}x
        </Text>
        <Text style={styles.mode}>{p.mode === "paper" ? "PAPER" : "LIVE"}</Text>
      </View>
      <View style={styles.row}>
        <Text style={styles.muted}>Entry {p.entry_price ?? "pending"}</Text>
        <Text style={[styles.pnl, { color: tone }]}>{formatUsdt(pnl)}</Text>
      </View>
      {receipt ? <Text style={styles.muted}>{receipt}</Text> : null}
      {p.status === "FAILED" && p.failure_reason ? <Text style={styles.failed}>{p.failure_reason}</Text> : null}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  card: { backgroundColor: colors.surface, borderRadius: radius.lg, padding: space.lg, gap: space.xs, borderWidth: 1, borderColor: colors.border },
  row: { flexDirection: "row", alignItems: "center", justifyContent: "space-between", gap: space.md },
  symbol: { color: colors.text, fontSize: 17, fontWeight: "700", flex: 1 },
  direction: { fontSize: 14, fontWeight: "600" },
  mode: { color: colors.accent, fontSize: 12, fontWeight: "700" },
  muted: { color: colors.muted, fontSize: 13 },
  pnl: { fontSize: 15, fontWeight: "600" },
  failed: { color: colors.danger, fontSize: 13 },
});
