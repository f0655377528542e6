// The feed's list: virtualised (only the rows near the viewport are rendered), one memoised card
// per signal, pull to refresh and a callback near the end for the next page.
import { useCallback, type ReactElement } from "react";
import { FlatList, RefreshControl, StyleSheet, View, type ListRenderItem } from "react-native";
import type { TSignal } from "../api/schemas";
import { colors, space } from "../ui/theme";
import { SignalCard } from "./signal-card";

type TProps = {
  signals: readonly TSignal[];
  now: number;
  onOpen: (id: string) => void;
  header?: ReactElement;
  empty?: ReactElement;
  footer?: ReactElement;
  onEndReached?: () => void;
  refreshing: boolean;
  onRefresh: () => void;
};

export function SignalList({ signals, now, onOpen, header, empty, footer, onEndReached, refreshing, onRefresh }: TProps) {
  const renderItem = useCallback<ListRenderItem<TSignal>>(({ item }) => <SignalCard signal={item} now={now} onOpen={onOpen} />, [now, onOpen]);
  return (
    <FlatList
      accessibilityLabel="Signal feed"
      data={signals}
      keyExtractor={keyOf}
      renderItem={renderItem}
      contentContainerStyle={styles.list}
      ItemSeparatorComponent={Separator}
      ListHeaderComponent={header}
      ListEmptyComponent={empty}
      ListFooterComponent={footer}
      onEndReached={onEndReached}
      onEndReachedThreshold={0.5}
      refreshControl={<RefreshControl refreshing={refreshing} onRefresh={onRefresh} tintColor={colors.primary} accessibilityLabel="Pull to refresh" />}
      initialNumToRender={8}
      maxToRenderPerBatch={8}
      windowSize={7}
      removeClippedSubviews
    />
  );
}

const keyOf = (s: TSignal) => s.id;
const Separator = () => <View style={styles.separator} />;

const styles = StyleSheet.create({
  list: { padding: space.lg, flexGrow: 1 },
  separator: { height: space.md },
});
