import { Stack, useRouter } from "expo-router";
import { useCallback, useMemo, useState } from "react";
import { ActivityIndicator, StyleSheet, Text, View } from "react-native";
import { errorMessage } from "../api/errors";
import type { TUser } from "../api/schemas";
import { useAuth } from "../auth/auth-context";
import { Button } from "../ui/button";
import { HaltedBanner } from "../safety/safety";
import { EmptyState, ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors, radius, space } from "../ui/theme";
import { formatDateTime } from "./format";
import { useFeed, useMe, useRefetchAtUnlock } from "./queries";
import { useLiveFeed } from "./use-live-feed";
import type { TLiveStatus } from "./live-feed";
import { SignalList } from "./signal-list";
import { useNow } from "./use-now";

export function FeedScreen() {
  const router = useRouter();
  const { signOut } = useAuth();
  const feed = useFeed();
  const me = useMe();
  const live = useLiveFeed();
  const now = useNow();
  const [refreshing, setRefreshing] = useState(false);
  const signals = useMemo(() => feed.data?.pages.flatMap((p) => p.signals) ?? [], [feed.data]);
  const { refetch, hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  useRefetchAtUnlock(signals, refetch, now);

  const open = useCallback((id: string) => router.push({ pathname: "/signals/[id]", params: { id } }), [router]);
  const onRefresh = useCallback(() => {
    setRefreshing(true);
    void refetch().finally(() => setRefreshing(false));
  }, [refetch]);
  const onEndReached = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const header = (
    <Stack.Screen
      options={{
        headerLeft: () => <LiveBadge status={live} />,
        headerRight: () => (
          <View style={styles.headerButtons}>
            <Button label="Account" variant="link" onPress={() => router.push("/account")} />
            <Button label="Sign out" variant="link" onPress={() => void signOut()} />
          </View>
        ),
      }}
    />
  );

  if (feed.isPending) {
    return (
      <>
        {header}
        <LoadingState label="Loading signals" />
      </>
    );
  }
  if (feed.isError && signals.length === 0) {
    return (
      <>
        {header}
        <ErrorState message={errorMessage(feed.error)} onRetry={() => void refetch()} />
      </>
    );
  }
  return (
    <>
      {header}
      <SignalList
        signals={signals}
        now={now}
        onOpen={open}
        header={
          <View style={styles.headerBlock}>
            <HaltedBanner />
            {me.data ? <PlanBanner user={me.data} onPlans={() => router.push("/plans")} /> : null}
            {feed.isRefetchError ? <ErrorBanner message={`Could not refresh: ${errorMessage(feed.error)}`} /> : null}
          </View>
        }
        empty={<EmptyState title="No signals yet" detail="New signals appear here as soon as they are posted. Pull down to refresh." />}
        footer={
          isFetchingNextPage ? (
            <ActivityIndicator accessibilityLabel="Loading more signals" color={colors.primary} style={styles.footer} />
          ) : feed.isFetchNextPageError ? (
            <View style={styles.footer}>
              <ErrorBanner message={errorMessage(feed.error)} />
              <Button label="Load more" variant="secondary" onPress={() => void fetchNextPage()} />
            </View>
          ) : undefined
        }
        onEndReached={onEndReached}
        refreshing={refreshing}
        onRefresh={onRefresh}
      />
    </>
  );
}


function LiveBadge({ status }: { status: TLiveStatus }) {
  const live = status === "live";
  const label = live ? "Live" : status === "connecting" ? "Connecting" : "Reconnecting";
  return (
    <View style={styles.live} accessibilityLabel={`Live updates: ${label}`}>
      <View style={[styles.liveDot, { backgroundColor: live ? colors.primary : colors.accent }]} />
      <Text style={styles.liveText}>{label}</Text>
    </View>
  );
}

function PlanBanner({ user, onPlans }: { user: TUser; onPlans: () => void }) {
  if (user.role === "ADMIN") return null;
  if (user.plan === "TRIAL") {
    return (
      <View style={styles.banner} accessibilityRole="summary">
        <Text style={styles.bannerTitle}>TRIAL plan</Text>
        <Text style={styles.bannerText}>New signals unlock a while after they are posted. Upgrade to VIP to see every signal in real time.</Text>
        <Button label="See plans" variant="link" onPress={onPlans} />
      </View>
    );
  }
  return (
    <View style={styles.banner} accessibilityRole="summary">
      <Text style={styles.bannerTitle}>
        {user.plan} plan{user.plan_expires_at ? ` · until ${formatDateTime(user.plan_expires_at)}` : ""}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  live: { flexDirection: "row", alignItems: "center", gap: space.xs, paddingHorizontal: space.md },
  liveDot: { width: 8, height: 8, borderRadius: 4 },
  liveText: { color: colors.muted, fontSize: 13 },
  headerButtons: { flexDirection: "row" },
  headerBlock: { gap: space.md, marginBottom: space.md },
  footer: { paddingVertical: space.lg, gap: space.md },
  banner: { backgroundColor: colors.surfaceRaised, borderRadius: radius.md, padding: space.md, gap: space.xs, borderWidth: 1, borderColor: colors.border },
  bannerTitle: { color: colors.accent, fontWeight: "700", fontSize: 14 },
  bannerText: { color: colors.text, fontSize: 14 },
});
