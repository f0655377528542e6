// A payment's status, checked every 10 s while the platform verifies it on TRON. Once it is
// confirmed the session's plan is read again.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams } from "expo-router";
import { useEffect } from "react";
import { getPayment } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useApi } from "../auth/auth-context";
import { formatDateTime } from "../signals/format";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";

export const PAYMENT_POLL_MS = 10_000;

export function PaymentStatusScreen() {
  const { id = "" } = useLocalSearchParams<{ id: string }>();
  const client = useApi();
  const queryClient = useQueryClient();
  const payment = useQuery({
    queryKey: ["payments", id],
    queryFn: ({ signal }) => getPayment(client, id, signal),
    refetchInterval: (q) => (q.state.data?.status === "PENDING" ? PAYMENT_POLL_MS : false),
  });
  const status = payment.data?.status;
  useEffect(() => {
    if (status === "CONFIRMED") void queryClient.invalidateQueries({ queryKey: ["me"] });
  }, [status, queryClient]);

  if (payment.isPending) return <LoadingState label="Loading payment" />;
  if (!payment.data) return <ErrorState message={errorMessage(payment.error)} onRetry={() => void payment.refetch()} />;
  const p = payment.data;
  return (
    <RefreshableScroll label="Payment status" onRefresh={() => payment.refetch()}>
      <Card title={p.status === "CONFIRMED" ? "✅ Payment Verified – Plan Activated" : p.status === "REJECTED" ? "Payment rejected" : "Verifying your payment"}>
        <Row label="Plan" value={p.plan} />
        <Row label="Amount" value={`${p.expected_amount} USDT`} />
        {p.paid_amount ? <Row label="Received" value={`${p.paid_amount} USDT`} /> : null}
        {p.status === "PENDING" ? <Note>The platform is checking the transfer on TRON. This screen updates by itself.</Note> : null}
        {p.status === "CONFIRMED" && p.valid_till ? <Row label="Plan active until" value={formatDateTime(p.valid_till)} tone={colors.primary} /> : null}
        {p.status === "REJECTED" ? <ErrorBanner message={p.reason ?? "The transfer could not be verified."} /> : null}
      </Card>
    </RefreshableScroll>
  );
}
