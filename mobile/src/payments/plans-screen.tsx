// Plans (SPEC §3): the paid plans with their price and features; choosing one opens its payment.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { getPlans } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useApi } from "../auth/auth-context";
import { effectivePlan } from "../account/plan";
import { useMe } from "../signals/queries";
import { Button } from "../ui/button";
import { Card, Note, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorState, LoadingState } from "../ui/states";

export const plansKey = ["plans"] as const;

export function usePlans() {
  const client = useApi();
  return useQuery({ queryKey: plansKey, queryFn: () => getPlans(client), staleTime: 5 * 60_000 });
}

export function PlansScreen() {
  const router = useRouter();
  const plans = usePlans();
  const me = useMe();
  if (plans.isPending) return <LoadingState label="Loading plans" />;
  if (!plans.data) return <ErrorState message={errorMessage(plans.error)} onRetry={() => void plans.refetch()} />;
  const current = me.data ? effectivePlan(me.data) : null;
  return (
    <RefreshableScroll label="Plans" onRefresh={() => Promise.all([plans.refetch(), me.refetch()])}>
      {current ? <Note>Your plan: {current}. A payment adds {plans.data.plans[0]?.days ?? 30} days to the time you have left.</Note> : null}
      {plans.data.plans.map((p) => (
        <Card key={p.plan} title={p.plan}>
          <Row label="Price" value={`${p.price_usdt} ${plans.data.currency} / ${p.days} days`} />
          {p.features.map((f) => (
            <Note key={f}>• {f}</Note>
          ))}
          <Button label={`Pay for ${p.plan}`} onPress={() => router.push({ pathname: "/pay", params: { plan: p.plan } })} disabled={!plans.data.address} />
        </Card>
      ))}
      {!plans.data.address ? <Note>Payments are not open yet: the platform has no payment address configured.</Note> : null}
    </RefreshableScroll>
  );
}
