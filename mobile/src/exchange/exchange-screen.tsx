// Exchange connection (SPEC §8): mode and keys, validate, disconnect. The keys are write-only: the
// server answers whether they are set, never the keys, and the fields are emptied once sent.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { connectExchange, disconnectExchange, getExchangeConnection, validateExchange } from "../api/endpoints";
import { errorMessage, isApiError } from "../api/errors";
import type { TExchangeMode } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { hasPlan, upgradeMessage } from "../account/plan";
import { formatDateTime } from "../signals/format";
import { useMe } from "../signals/queries";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { ChoiceField } from "../ui/fields";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors } from "../ui/theme";

const MODES: readonly TExchangeMode[] = ["paper", "binance_testnet", "binance_mainnet"];
const MODE_LABEL: Record<TExchangeMode, string> = { paper: "Paper", binance_testnet: "Binance testnet", binance_mainnet: "Binance (real money)" };
export const exchangeKey = ["exchange"] as const;

export function ExchangeScreen() {
  const client = useApi();
  const queryClient = useQueryClient();
  const me = useMe();
  const connection = useQuery({ queryKey: exchangeKey, queryFn: () => getExchangeConnection(client) });
  const [mode, setMode] = useState<TExchangeMode | null>(null);
  const [apiKey, setApiKey] = useState("");
  const [apiSecret, setApiSecret] = useState("");
  const [confirmRemove, setConfirmRemove] = useState(false);

  const save = useMutation({
    mutationFn: () => connectExchange(client, { mode: chosenMode, ...(apiKey || apiSecret ? { api_key: apiKey, api_secret: apiSecret } : {}) }),
    onSuccess: (saved) => {
      setApiKey("");
      setApiSecret("");
      queryClient.setQueryData(exchangeKey, saved);
      validate.reset();
    },
  });
  const validate = useMutation({ mutationFn: () => validateExchange(client), onSettled: () => void connection.refetch() });
  const remove = useMutation({
    mutationFn: () => disconnectExchange(client),
    onSuccess: () => {
      setConfirmRemove(false);
      setMode(null);
      validate.reset();
      save.reset();
      void connection.refetch();
    },
  });

  if (connection.isPending || me.isPending) return <LoadingState label="Loading exchange connection" />;
  if (!connection.data) return <ErrorState message={errorMessage(connection.error)} onRetry={() => void connection.refetch()} />;
  if (!me.data) return <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />;

  const conn = connection.data;
  const chosenMode: TExchangeMode = mode ?? (conn.connected ? conn.mode : "paper");
  const premium = hasPlan(me.data, "PREMIUM");
  const keyField = (f: "api_key" | "api_secret") => (isApiError(save.error) && save.error.field === f ? errorMessage(save.error).replace(/^[a-z_]+: /, "") : null);
  const fieldless = save.error && !keyField("api_key") && !keyField("api_secret");

  return (
    <RefreshableScroll label="Exchange connection" onRefresh={() => connection.refetch()}>
      <Card title="Status">
        {conn.connected ? (
          <>
            <Row label="Exchange" value="Binance USDⓈ-M futures" />
            <Row label="Trading on" value={MODE_LABEL[conn.mode]} tone={conn.mode === "binance_mainnet" ? colors.danger : undefined} />
            <Row label="API keys" value={conn.has_api_key ? "Stored (hidden)" : "None"} />
            <Row label="Validated" value={conn.validated_at ? formatDateTime(conn.validated_at) : "Not yet"} />
          </>
        ) : (
          <Note>Not connected. Trades run on paper until you connect an exchange.</Note>
        )}
      </Card>

      {!premium ? <ErrorBanner message={upgradeMessage("PREMIUM")} /> : null}

      <Card title={conn.connected ? "Change connection" : "Connect"}>
        <ChoiceField label="Mode" value={chosenMode} choices={MODES} onChange={setMode} describe={(m) => MODE_LABEL[m]} />
        {chosenMode !== "paper" ? (
          <>
            <TextField label="API key" value={apiKey} onChangeText={setApiKey} error={keyField("api_key")} autoCapitalize="none" autoCorrect={false} secureTextEntry placeholder={conn.connected && conn.has_api_key ? "Stored — type to replace" : ""} />
            <TextField label="API secret" value={apiSecret} onChangeText={setApiSecret} error={keyField("api_secret")} autoCapitalize="none" autoCorrect={false} secureTextEntry />
            <Note>Use keys with trading allowed and withdrawals disabled. They are encrypted on the server and never shown again.</Note>
          </>
        ) : null}
        {fieldless ? <ErrorBanner message={errorMessage(save.error)} /> : null}
        {save.isSuccess ? <Note tone={colors.primary}>{save.data.message}</Note> : null}
        <Button label="Save connection" onPress={() => save.mutate()} busy={save.isPending} disabled={!premium} />
      </Card>

      {conn.connected ? (
        <Card title="Check and remove">
          <Button label="Validate connection" variant="secondary" onPress={() => validate.mutate()} busy={validate.isPending} disabled={!premium} />
          {validate.isError ? <ErrorBanner message={errorMessage(validate.error)} /> : null}
          {validate.isSuccess ? (
            <>
              <Note tone={colors.primary}>Connection valid</Note>
              <Row label="Balance" value={`${validate.data.balance.total_usdt} USDT`} />
              <Row label="Available" value={`${validate.data.balance.free_usdt} USDT`} />
              <Row label="Live trading" value={validate.data.live_trading ? "On" : "Off (paper)"} />
              {validate.data.live_trading_note ? <Note>{validate.data.live_trading_note}</Note> : null}
            </>
          ) : null}
          {confirmRemove ? (
            <>
              <Note tone={colors.danger}>Remove the connection and delete its keys from the platform?</Note>
              <Button label="Yes, disconnect" onPress={() => remove.mutate()} busy={remove.isPending} />
              <Button label="Keep it" variant="link" onPress={() => setConfirmRemove(false)} />
            </>
          ) : (
            <Button label="Disconnect" variant="secondary" onPress={() => setConfirmRemove(true)} />
          )}
          {remove.isError ? <ErrorBanner message={errorMessage(remove.error)} /> : null}
        </Card>
      ) : null}
      {remove.isSuccess ? (
        <Note>
          {remove.data.message}
          {remove.data.open_live_positions > 0 ? `. ${remove.data.open_live_positions} live position(s) stay open on the exchange and are no longer managed by the platform.` : "."}
        </Note>
      ) : null}
    </RefreshableScroll>
  );
}
