// The loading, empty and error states every screen shows the same way.
import { ActivityIndicator, StyleSheet, Text, View } from "react-native";
import { Button } from "./button";
import { colors, space } from "./theme";

export function LoadingState({ label }: { label: string }) {
  return (
    <View style={styles.center} accessibilityLabel={label} accessibilityRole="progressbar">
      <ActivityIndicator size="large" color={colors.primary} />
      <Text style={styles.muted}>{label}</Text>
    </View>
  );
}

export function EmptyState({ title, detail }: { title: string; detail?: string }) {
  return (
    <View style={styles.center}>
      <Text style={styles.title}>{title}</Text>
      {detail ? <Text style={styles.muted}>{detail}</Text> : null}
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View style={styles.center}>
      <Text accessibilityRole="alert" style={styles.error}>
        {message}
      </Text>
      {onRetry ? <Button label="Try again" variant="secondary" onPress={onRetry} /> : null}
    </View>
  );
}

export function ErrorBanner({ message }: { message: string }) {
  return (
    <View style={styles.banner}>
      <Text accessibilityRole="alert" style={styles.bannerText}>
        {message}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  center: { flex: 1, alignItems: "center", justifyContent: "center", gap: space.md, padding: space.xl },
  title: { color: colors.text, fontSize: 18, fontWeight: "600", textAlign: "center" },
  muted: { color: colors.muted, fontSize: 14, textAlign: "center" },
  error: { color: colors.danger, fontSize: 15, textAlign: "center" },
  banner: { backgroundColor: "#3A1620", borderRadius: 8, padding: space.md },
  bannerText: { color: colors.danger, fontSize: 14 },
});
