// Auto-trade (SPEC §6): a signal's copy or the user's own trade, previewed first (the numbers and
// each check's decision), then executed — on paper unless the user's connection is live and the
// platform allows it (the server decides and says which). Preview needs VIP, execution PREMIUM,
// as the server's 403s say; below that the buttons are disabled with the same words.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useState } from "react";
import { executeTrade, previewTrade, type TTradeRequest } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TTradePreview } from "../api/schemas";
import { hasPlan, upgradeMessage } from "../account/plan";
import { formatPct } from "../signals/format";
import { useMe } from "../signals/queries";
import { useApi } from "../auth/auth-context";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { ChoiceField } from "../ui/fields";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { STRATEGY_FIELDS } from "../settings/fields";
import { useSettingsGroup } from "../settings/queries";
import { SettingsForm } from "../settings/settings-form";
import { TextField } from "../ui/text-field";
import { colors } from "../ui/theme";

export function TradeScreen() {
  const client = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useLocalSearchParams<{ signal_id?: string; symbol?: string }>();
  const me = useMe();
  const signalId = params.signal_id ?? "";
  const [symbol, setSymbol] = useState(params.symbol ?? "");
  const [direction, setDirection] = useState<"LONG" | "SHORT">("LONG");
  const [stopLoss, setStopLoss] = useState("");
  const [targets, setTargets] = useState("");
  const [perTrade, setPerTrade] = useState("");

  const request = (): TTradeRequest =>
    signalId
      ? { signal_id: signalId }
      : {
          symbol: symbol.trim().toUpperCase(),
          direction,
          ...(stopLoss.trim() ? { stop_loss: stopLoss.trim() } : {}),
          ...(targets.trim() ? { targets: targets.split(",").map((t) => t.trim()).filter(Boolean) } : {}),
          ...(perTrade.trim() ? { per_trade_usdt: perTrade.trim() } : {}),
        };
  const preview = useMutation({ mutationFn: () => previewTrade(client, request()) });
  const execute = useMutation({
    mutationFn: () => executeTrade(client, request()),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["positions"] }),
  });
  const resetResult = () => {
    preview.reset();
    execute.reset();
  };
  const edited = (set: (v: string) => void) => (v: string) => {
    set(v);
    resetResult();
  };

  if (me.isPending) return <LoadingState label="Loading" />;
  if (!me.data) return <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />;
  const canPreview = hasPlan(me.data, "VIP");
  const canExecute = hasPlan(me.data, "PREMIUM");
  const shown = preview.data;

  return (
    <RefreshableScroll label="Auto-trade" onRefresh={() => me.refetch()}>
      {!canExecute ? <ErrorBanner message={upgradeMessage(canPreview ? "PREMIUM" : "VIP")} /> : null}
      {!signalId ? <AutoCopy userId={me.data.id} disabled={!canExecute} /> : null}
      <Card title={signalId ? "Copy this signal" : "Your trade"}>
        {signalId ? (
          <Note>The signal's entry, targets and stop, sized by your risk settings.</Note>
        ) : (
          <>
            <TextField label="Symbol" value={symbol} onChangeText={edited(setSymbol)} autoCapitalize="characters" autoCorrect={false} placeholder="BTCUSDT" />
            <ChoiceField label="Direction" value={direction} choices={["LONG", "SHORT"] as const} onChange={(d) => {
                setDirection(d);
                resetResult();
              }} />
            <TextField label="Stop loss (optional)" value={stopLoss} onChangeText={edited(setStopLoss)} keyboardType="decimal-pad" />
            <TextField label="Targets (optional, comma-separated)" value={targets} onChangeText={edited(setTargets)} autoCorrect={false} />
            <TextField label="Amount per trade, USDT (optional)" value={perTrade} onChangeText={edited(setPerTrade)} keyboardType="decimal-pad" />
          </>
        )}
        <Button label="Preview trade" variant="secondary" onPress={() => preview.mutate()} busy={preview.isPending} disabled={!canPreview} />
        {preview.isError ? <ErrorBanner message={errorMessage(preview.error)} /> : null}
      </Card>

      {shown ? <PreviewCard preview={shown} /> : null}
      {shown ? (
        <Button
          label={shown.live ? "Execute live trade" : "Execute paper trade"}
          onPress={() => execute.mutate()}
          busy={execute.isPending}
          disabled={!canExecute || !shown.allowed || execute.isSuccess}
        />
      ) : null}
      {execute.isError ? <ErrorBanner message={errorMessage(execute.error)} /> : null}
      {execute.isSuccess ? (
        <Card title="Result">
          <Note tone={execute.data.position ? colors.primary : colors.danger}>{execute.data.message}</Note>
          {execute.data.warnings.map((w) => (
            <Note key={w}>{w}</Note>
          ))}
          {execute.data.position ? (
            <Button label="View position" variant="link" onPress={() => router.push({ pathname: "/positions/[id]", params: { id: execute.data.position!.id } })} />
          ) : null}
        </Card>
      ) : null}
    </RefreshableScroll>
  );
}

const AUTO_COPY_FIELDS = STRATEGY_FIELDS.filter((f) => f.key === "auto_trade_enabled");

/** The strategy group's switch that copies every new signal (sized by the risk settings). */
function AutoCopy({ userId, disabled }: { userId: number; disabled: boolean }) {
  const { query, save } = useSettingsGroup(userId, "strategy");
  if (!query.data) return query.isError ? <ErrorBanner message={errorMessage(query.error)} /> : null;
  return <SettingsForm title="Auto-copy" fields={AUTO_COPY_FIELDS} values={query.data} save={save} disabled={disabled} />;
}

function PreviewCard({ preview: p }: { preview: TTradePreview }) {
  const refusal = !p.checks.size.ok ? p.checks.size.reason : p.checks.risk && !p.checks.risk.allowed ? p.checks.risk.reason : null;
  return (
    <Card title="Preview">
      <Row label="Account" value={p.live ? `Live (${p.mode})` : "Paper"} tone={p.live ? colors.danger : undefined} />
      <Row label="Trade" value={`${p.symbol} ${p.direction} ${p.leverage}x`} />
      <Row label="Entry" value={p.entry_price} />
      <Row label="Quantity" value={p.qty} />
      {p.margin ? <Row label="Margin" value={`${p.margin} USDT`} /> : null}
      {p.notional ? <Row label="Position size" value={`${p.notional} USDT`} /> : null}
      {p.risk_to_sl ? <Row label={`Loss at stop ${p.risk_to_sl.stop_loss}`} value={`${p.risk_to_sl.loss_usdt} USDT (${formatPct(`-${p.risk_to_sl.loss_pct_of_margin}`)})`} tone={colors.short} /> : null}
      {p.targets.map((t) => (
        <Row key={t.index} label={`Target ${t.index} at ${t.price}`} value={`+${t.pnl_usdt} USDT`} tone={colors.long} />
      ))}
      {p.price_note ? <Note>Priced: {p.price_note}</Note> : null}
      {p.warnings.map((w) => (
        <Note key={w}>{w}</Note>
      ))}
      {p.allowed ? <Note tone={colors.primary}>All checks passed</Note> : <ErrorBanner message={`Refused: ${refusal ?? "a check failed"}`} />}
    </Card>
  );
}
