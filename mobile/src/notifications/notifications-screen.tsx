// Notifications (SPEC §11): whether this phone gets pushes, and the account's own notifications
// (payment verified or rejected, plan reminders) from GET /api/notifications/me, newest first.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { Platform, Text, View } from "react-native";
import { listNotifications, markNotificationsRead } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TNotification } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { formatDateTime } from "../signals/format";
import { Button } from "../ui/button";
import { Card, Note } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { EmptyState, ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";
import { usePush, type TPushState } from "./push-context";

export function useNotifications() {
  const client = useApi();
  return useQuery({ queryKey: ["notifications"], queryFn: ({ signal }) => listNotifications(client, signal) });
}

export function NotificationsScreen() {
  const client = useApi();
  const queryClient = useQueryClient();
  const list = useNotifications();
  const markRead = useMutation({
    mutationFn: () => markNotificationsRead(client),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
  const refresh = useCallback(() => list.refetch(), [list]);

  let body;
  if (list.isPending) body = <LoadingState label="Loading notifications" />;
  else if (!list.data) body = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  else if (list.data.notifications.length === 0) body = <EmptyState title="No notifications yet" detail="Payments, plan changes and reminders appear here." />;
  else body = list.data.notifications.map((n) => <NotificationRow key={n.id} note={n} />);

  return (
    <RefreshableScroll label="Notifications" onRefresh={refresh}>
      <PushCard />
      {list.data && list.data.unread > 0 ? (
        <Button label={`Mark all ${list.data.unread} as read`} variant="secondary" busy={markRead.isPending} onPress={() => markRead.mutate()} />
      ) : null}
      {markRead.isError ? <ErrorBanner message={errorMessage(markRead.error)} /> : null}
      {list.data && list.isRefetchError ? <ErrorBanner message={`Could not refresh: ${errorMessage(list.error)}`} /> : null}
      <View style={{ gap: 12 }}>{body}</View>
    </RefreshableScroll>
  );
}

function NotificationRow({ note }: { note: TNotification }) {
  const unread = note.read_at === null;
  return (
    <View accessible accessibilityLabel={`${unread ? "Unread: " : ""}${note.title}. ${note.body}`}>
      <Card title={note.title}>
        <Text style={{ color: colors.text, fontSize: 15 }}>{note.body}</Text>
        <Note tone={unread ? colors.accent : undefined}>
          {formatDateTime(note.created_at)}
          {unread ? " · new" : ""}
        </Note>
      </Card>
    </View>
  );
}

const PUSH_TEXT: Record<TPushState["status"], string> = {
  off: "Sign in to get pushes on this phone.",
  registering: "Turning on pushes for this phone…",
  on: "On: new signals, your copies opened and closed (TP/SL), payments and halts. Choose which in Settings → General.",
  unavailable: "",
  error: "",
};

function PushCard() {
  const { state, retry } = usePush();
  const message = state.status === "unavailable" || state.status === "error" ? state.message : PUSH_TEXT[state.status];
  return (
    <Card title="Push notifications on this phone">
      <Note tone={state.status === "error" ? colors.danger : undefined}>{message}</Note>
      {/* The browser never has a token: asking again there is pointless. */}
      {state.status === "error" || (state.status === "unavailable" && Platform.OS !== "web") ? <Button label="Turn on push notifications" variant="secondary" onPress={retry} /> : null}
    </Card>
  );
}
