// A scrolling screen that refreshes when pulled down (the same gesture as the feed).
import { useCallback, useState, type ReactNode } from "react";
import { RefreshControl, ScrollView, StyleSheet } from "react-native";
import { colors, space } from "./theme";

export function RefreshableScroll({ label, onRefresh, children }: { label: string; onRefresh: () => Promise<unknown>; children: ReactNode }) {
  const [refreshing, setRefreshing] = useState(false);
  const refresh = useCallback(() => {
    setRefreshing(true);
    void onRefresh().finally(() => setRefreshing(false));
  }, [onRefresh]);
  return (
    <ScrollView
      accessibilityLabel={label}
      contentContainerStyle={styles.content}
      keyboardShouldPersistTaps="handled"
      refreshControl={<RefreshControl refreshing={refreshing} onRefresh={refresh} tintColor={colors.primary} accessibilityLabel="Pull to refresh" />}
    >
      {children}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.lg, backgroundColor: colors.background, flexGrow: 1 },
});
