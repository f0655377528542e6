// One position: its numbers, execution receipt and orders, and — while open — a close that asks
// once more before it sends.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Stack, useLocalSearchParams } from "expo-router";
import { useState } from "react";
import { closePosition } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TOrder } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { HaltedBanner } from "../safety/safety";
import { formatDateTime, formatPct } from "../signals/format";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";
import { formatUsdt, receiptLabel } from "./format";
import { positionsKey, usePosition } from "./queries";

export function PositionDetailScreen() {
  const { id = "" } = useLocalSearchParams<{ id: string }>();
  const client = useApi();
  const queryClient = useQueryClient();
  const query = usePosition(id);
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () => closePosition(client, id),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: positionsKey });
    },
  });

  if (query.isPending) return <LoadingState label="Loading position" />;
  if (!query.data) return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const p = query.data.position;
  const receipt = receiptLabel(p);
  const open = p.status === "OPEN";

  return (
    <RefreshableScroll label="Position" onRefresh={() => query.refetch()}>
      <Stack.Screen options={{ title: `${p.symbol} ${p.direction}` }} />
      <HaltedBanner />
      <Card title={`${p.symbol} ${p.direction} ${p.leverage}x`}>
        <Row label="Account" value={p.mode === "paper" ? "Paper" : `Live (${p.mode})`} />
        <Row label="Status" value={`${p.status}${p.partial ? " (partly closed)" : ""}`} />
        <Row label="Entry" value={p.entry_price ?? "pending"} />
        <Row label="Quantity" value={open ? `${p.remaining_qty} of ${p.qty}` : p.qty} />
        <Row label="Margin" value={`${p.margin} USDT`} />
        <Row label="Stop loss" value={p.stop_loss ?? "—"} tone={colors.short} />
        <Row label="Targets" value={p.targets.length ? `${p.targets.join(", ")} (${p.targets_hit} hit)` : "—"} />
        {open ? <Row label="Mark price" value={p.mark_price ?? "—"} /> : null}
        {open ? <Row label="Unrealized P&L" value={formatUsdt(p.unrealized_pnl)} /> : null}
        <Row label="Realized P&L" value={`${formatUsdt(p.realized_pnl)} (${formatPct(p.pnl_pct)})`} tone={Number(p.realized_pnl) >= 0 ? colors.long : colors.short} />
        <Row label="Fees" value={`${p.fees} USDT`} />
        <Row label="Opened" value={formatDateTime(p.opened_at)} />
        {p.closed_at ? <Row label="Closed" value={`${formatDateTime(p.closed_at)}${p.close_reason ? ` · ${p.close_reason}` : ""}`} /> : null}
        {p.failure_reason ? <ErrorBanner message={p.failure_reason} /> : null}
      </Card>
      <Card title="Execution receipt">
        {receipt ? (
          <>
            {p.receipt.signal_entry_price ? <Row label="Signal price" value={p.receipt.signal_entry_price} /> : null}
            <Row label="Signal to fill" value={p.receipt.signal_to_entry_ms === null ? "—" : `${p.receipt.signal_to_entry_ms} ms`} />
            <Row label="Slippage" value={p.receipt.slippage_pct === null ? "—" : `${Number(p.receipt.slippage_pct).toFixed(3)}%`} />
          </>
        ) : (
          <Note>No receipt: this position was not copied from a signal's price.</Note>
        )}
      </Card>
      <Card title="Orders">
        {p.orders.length === 0 ? <Note>No orders yet.</Note> : p.orders.map((o) => <OrderRow key={o.id} order={o} />)}
      </Card>
      {open ? (
        confirming ? (
          <Card title="Close this position?">
            <Note>It is closed at the market price now{p.mode === "paper" ? " (paper)" : " on the exchange"}.</Note>
            <Button label="Yes, close position" onPress={() => close.mutate()} busy={close.isPending} />
            <Button label="Keep it open" variant="link" onPress={() => setConfirming(false)} />
          </Card>
        ) : (
          <Button label="Close position" variant="secondary" onPress={() => setConfirming(true)} />
        )
      ) : null}
      {close.isError ? <ErrorBanner message={errorMessage(close.error)} /> : null}
      {close.isSuccess ? <Note tone={colors.primary}>{`Closed at ${close.data.close.price}: ${formatUsdt(close.data.close.realized_pnl)}`}</Note> : null}
    </RefreshableScroll>
  );
}

function OrderRow({ order: o }: { order: TOrder }) {
  const what = `${o.kind}${o.target_index ? ` ${o.target_index}` : ""} · ${o.side} ${o.type}`;
  const price = o.avg_price ?? o.price ?? o.trigger_price;
  return <Row label={what} value={`${o.status} · ${o.filled_qty}/${o.qty}${price ? ` @ ${price}` : ""}`} />;
}
