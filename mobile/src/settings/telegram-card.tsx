// "Connect Telegram": a one-time link to the platform's bot (POST /api/membership/telegram/link)
// opened in Telegram, which links this account and, on a paid plan, admits it to the VIP group.
import { useMutation, useQuery } from "@tanstack/react-query";
import * as Linking from "expo-linking";
import { createTelegramLink, getMembership } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useApi } from "../auth/auth-context";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { ErrorBanner, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";

export function TelegramCard() {
  const client = useApi();
  const membership = useQuery({ queryKey: ["membership"], queryFn: ({ signal }) => getMembership(client, signal) });
  const connect = useMutation({
    mutationFn: async () => {
      const link = await createTelegramLink(client);
      await Linking.openURL(link.url);
      return link;
    },
  });
  if (membership.isPending) return <LoadingState label="Loading Telegram link" />;
  const linked = membership.data?.telegram_linked ?? false;
  return (
    <Card title="Telegram">
      {membership.data ? (
        <Row label="Telegram" value={linked ? `Connected${membership.data.telegram_username ? ` (@${membership.data.telegram_username})` : ""}` : "Not connected"} tone={linked ? colors.primary : undefined} />
      ) : (
        <ErrorBanner message={errorMessage(membership.error)} />
      )}
      <Note>{linked ? "Connect again to link another Telegram account." : "Connect your Telegram account to get the bot's messages and, on a paid plan, the VIP group."}</Note>
      <Button label={linked ? "Connect another Telegram account" : "Connect Telegram"} busy={connect.isPending} onPress={() => connect.mutate()} />
      {connect.isSuccess ? <Note>Telegram opened: press Start in the bot's chat, then pull down here to refresh.</Note> : null}
      {connect.isError ? <ErrorBanner message={errorMessage(connect.error)} /> : null}
    </Card>
  );
}
