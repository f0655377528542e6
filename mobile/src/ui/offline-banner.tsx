// Shown on every screen while the platform cannot be reached. Screens keep showing the last data
// they received (TanStack Query keeps it through failed refetches); "Try again" refetches what is
// on screen, and any answer from the server hides the banner.
import { useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { StyleSheet, Text, View } from "react-native";
import { useApi } from "../auth/auth-context";
import { formatClock } from "../signals/format";
import { Button } from "./button";
import { colors, space } from "./theme";

export function OfflineBanner() {
  const client = useApi();
  const queryClient = useQueryClient();
  const since = useSyncExternalStore(client.onConnectivityChange, client.offlineSince, client.offlineSince);
  if (since === null) return null;
  const message = `Offline since ${formatClock(new Date(since).toISOString())}: showing the last data received.`;
  return (
    <View style={styles.banner} accessibilityRole="alert" accessibilityLabel={message}>
      <Text style={styles.text}>{message}</Text>
      <Button label="Try again" variant="link" onPress={() => void queryClient.refetchQueries({ type: "active" })} />
    </View>
  );
}

const styles = StyleSheet.create({
  banner: { flexDirection: "row", alignItems: "center", justifyContent: "space-between", gap: space.md, backgroundColor: colors.surfaceRaised, paddingHorizontal: space.lg, borderBottomWidth: 1, borderColor: colors.accent },
  text: { color: colors.accent, fontSize: 13, flex: 1 },
});
