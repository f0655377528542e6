// Paying for a plan: the address and the exact amount, then the transfer's hash, which the
// platform verifies on TRON; the status screen follows it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useState } from "react";
import { Text } from "react-native";
import { submitPayment } from "../api/endpoints";
import { errorMessage, isApiError } from "../api/errors";
import { useApi } from "../auth/auth-context";
import { useMe } from "../signals/queries";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner, ErrorState, LoadingState } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors } from "../ui/theme";
import { usePlans } from "./plans-screen";

const TX_HASH = /^(0x)?[0-9a-fA-F]{64}$/;

export function PayScreen() {
  const client = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { plan: rawPlan } = useLocalSearchParams<{ plan?: string }>();
  const plans = usePlans();
  const me = useMe();
  const [txHash, setTxHash] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: (input: { email: string; plan: "VIP" | "PREMIUM"; tx_hash: string }) => submitPayment(client, input),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: ["payments"] });
      router.replace({ pathname: "/payments/[id]", params: { id: res.payment.id } });
    },
  });

  if (plans.isPending || me.isPending) return <LoadingState label="Loading payment details" />;
  if (!plans.data) return <ErrorState message={errorMessage(plans.error)} onRetry={() => void plans.refetch()} />;
  if (!me.data) return <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />;
  const plan = plans.data.plans.find((p) => p.plan === rawPlan?.toUpperCase());
  if (!plan || !plans.data.address) return <ErrorState message="This plan cannot be paid for. Choose a plan from the list." onRetry={() => router.replace("/plans")} />;

  const serverField = isApiError(submit.error) && submit.error.field === "tx_hash";
  const send = () => {
    if (!TX_HASH.test(txHash.trim())) return setFormError("Paste the transaction hash: 64 hexadecimal characters");
    setFormError(null);
    submit.mutate({ email: me.data.email, plan: plan.plan, tx_hash: txHash.trim() });
  };

  return (
    <RefreshableScroll label="Payment" onRefresh={() => plans.refetch()}>
      <Card title={`Pay for ${plan.plan}`}>
        <Row label="Amount" value={`${plan.price_usdt} ${plans.data.currency}`} tone={colors.accent} />
        <Row label="Network" value={`${plans.data.network} (USDT on TRON)`} />
        <Note>Send exactly this amount to:</Note>
        <Text selectable accessibilityLabel={`Payment address: ${plans.data.address}`} style={{ color: colors.text, fontSize: 15, fontFamily: "monospace" }}>
          {plans.data.address}
        </Text>
        <Note>Press and hold the address to copy it. Other networks or tokens are lost.</Note>
      </Card>
      <Card title="After you have sent it">
        <TextField
          label="Transaction hash"
          value={txHash}
          onChangeText={(v) => {
            setTxHash(v);
            setFormError(null);
          }}
          error={formError ?? (serverField ? errorMessage(submit.error).replace(/^tx_hash: /, "") : null)}
          autoCapitalize="none"
          autoCorrect={false}
        />
        {submit.isError && !serverField ? <ErrorBanner message={errorMessage(submit.error)} /> : null}
        <Button label="Submit payment" onPress={send} busy={submit.isPending} />
      </Card>
    </RefreshableScroll>
  );
}
