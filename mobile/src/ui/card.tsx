import type { ReactNode } from "react";
import { StyleSheet, Text, View } from "react-native";
import { colors, radius, space } from "./theme";

export function Card({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <View style={styles.card}>
      {title ? (
        <Text accessibilityRole="header" style={styles.title}>
          {title}
        </Text>
      ) : null}
      {children}
    </View>
  );
}

/** A label and its value on one line. */
export function Row({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <View style={styles.row} accessibilityLabel={`${label}: ${value}`}>
      <Text style={styles.muted}>{label}</Text>
      <Text style={[styles.value, tone ? { color: tone } : null]}>{value}</Text>
    </View>
  );
}

export function Note({ children, tone }: { children: ReactNode; tone?: string }) {
  return <Text style={[styles.note, tone ? { color: tone } : null]}>{children}</Text>;
}

const styles = StyleSheet.create({
  card: { backgroundColor: colors.surface, borderRadius: radius.lg, padding: space.lg, gap: space.md, borderWidth: 1, borderColor: colors.border },
  title: { color: colors.text, fontSize: 18, fontWeight: "700" },
  row: { flexDirection: "row", justifyContent: "space-between", gap: space.md },
  muted: { color: colors.muted, fontSize: 14 },
  value: { color: colors.text, fontSize: 15, fontWeight: "600", flexShrink: 1, textAlign: "right" },
  note: { color: colors.muted, fontSize: 14 },
});
