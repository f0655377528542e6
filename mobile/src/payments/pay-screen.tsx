// Paying for a plan (SPEC §4): the platform's invoice — an amount unique to this user, to send
// exactly, to its address, before it expires. The platform finds the transfer on TRON by that
// amount; this screen checks the invoice every 10 s until the plan is active.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useEffect } from "react";
import { View } from "react-native";
import { SvgXml } from "react-native-svg";
import { createInvoice, getInvoice } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TInvoice } from "../api/schemas";
import { useApi } from "../auth/auth-context";
import { formatClock, formatCountdown, formatDateTime } from "../signals/format";
import { useNow } from "../signals/use-now";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";
import { CopyField } from "./copy-field";

export const INVOICE_POLL_MS = 10_000;
const FINAL = new Set<TInvoice["state"]>(["ACTIVATED", "EXPIRED"]);

function usePlanInvoice(plan: "VIP" | "PREMIUM" | null) {
  const client = useApi();
  const queryClient = useQueryClient();
  const key = ["invoice", plan] as const;
  return useQuery({
    queryKey: key,
    // The first call opens (or finds) the invoice; later ones read its state.
    queryFn: ({ signal }) => {
      const known = queryClient.getQueryData<TInvoice>(key);
      // Only the opening answer carries the QR code: later reads keep it.
      if (known && known.state !== "EXPIRED") return getInvoice(client, known.invoice_id, signal).then((fresh) => ({ ...fresh, qr: fresh.qr ?? known.qr }));
      return createInvoice(client, plan!);
    },
    enabled: plan !== null,
    refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.state) ? false : INVOICE_POLL_MS),
    staleTime: Infinity,
  });
}

export function PayScreen() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { plan: raw } = useLocalSearchParams<{ plan?: string }>();
  const plan = raw?.toUpperCase() === "VIP" || raw?.toUpperCase() === "PREMIUM" ? (raw.toUpperCase() as "VIP" | "PREMIUM") : null;
  const invoice = usePlanInvoice(plan);
  const now = useNow();
  const state = invoice.data?.state;
  useEffect(() => {
    if (state === "ACTIVATED") void queryClient.invalidateQueries({ queryKey: ["me"] });
  }, [state, queryClient]);

  if (!plan) return <ErrorState message="Choose a plan to pay for." onRetry={() => router.replace("/plans")} />;
  if (invoice.isPending) return <LoadingState label="Opening your invoice" />;
  if (!invoice.data) return <ErrorState message={errorMessage(invoice.error)} onRetry={() => void invoice.refetch()} />;
  const i = invoice.data;
  const countdown = formatCountdown(i.expires_at, now);

  return (
    <RefreshableScroll label="Payment" onRefresh={() => invoice.refetch()}>
      {i.state === "ACTIVATED" ? (
        <Card title="✅ Payment Verified – Plan Activated">
          <Row label="Plan" value={i.plan} />
          {i.paid_amount ? <Row label="Received" value={`${i.paid_amount} ${i.currency}`} /> : null}
          {i.valid_till ? <Row label="Plan active until" value={formatDateTime(i.valid_till)} tone={colors.primary} /> : null}
          <Button label="Back to the signals" variant="secondary" onPress={() => router.replace("/")} />
        </Card>
      ) : i.state === "EXPIRED" ? (
        <Card title="This invoice expired">
          <Note>{i.reason ?? "No transfer of its amount arrived in time. Do not send to it any more."}</Note>
          <Button label="Open a new invoice" onPress={() => void invoice.refetch()} />
        </Card>
      ) : (
        <>
          <Card title={`Pay for ${i.plan}`}>
            <Row label="Send exactly" value={`${i.amount} ${i.currency}`} tone={colors.accent} />
            <Note>The digits after {i.price} tell the platform the payment is yours: send this exact amount, in one transfer.</Note>
            <CopyField label="Amount" value={i.amount} tone={colors.accent} />
            <Row label="Network" value={`${i.network} (USDT on TRON)`} />
            {i.qr ? (
              <View accessible accessibilityRole="image" accessibilityLabel={`QR code of the payment address ${i.address}`} style={{ alignSelf: "center", backgroundColor: "#FFFFFF", padding: 8, borderRadius: 8 }}>
                <SvgXml xml={i.qr} width={200} height={200} />
              </View>
            ) : null}
            <CopyField label="Payment address" value={i.address} />
            <Note>Scan the code or copy the address into your wallet. Other networks or tokens are lost.</Note>
            <Row label="Pay before" value={`${formatClock(i.expires_at)}${countdown ? ` (${countdown})` : ""}`} />
          </Card>
          <Card title={i.state === "PAID" ? "Transfer received" : "Waiting for your transfer"}>
            <Note>{i.state === "PAID" ? "Activating your plan…" : "This screen updates by itself once the transfer is confirmed on TRON (about a minute)."}</Note>
            {i.reason ? <ErrorBanner message={i.reason} /> : null}
          </Card>
        </>
      )}
      {invoice.isRefetchError ? <ErrorBanner message={`Could not check the invoice: ${errorMessage(invoice.error)}`} /> : null}
    </RefreshableScroll>
  );
}
