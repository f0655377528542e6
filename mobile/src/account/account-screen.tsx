// The menu: who is signed in, the platform's safety badge, and the way to every other screen.
import { useRouter, type Href } from "expo-router";
import { useAuth } from "../auth/auth-context";
import { errorMessage } from "../api/errors";
import { SafetyBadge } from "../safety/safety";
import { useMe } from "../signals/queries";
import { formatDateTime } from "../signals/format";
import { Button } from "../ui/button";
import { Card, Row } from "../ui/card";
import { RefreshableScroll } from "../ui/refreshable";
import { ErrorBanner } from "../ui/states";
import { effectivePlan } from "./plan";

const LINKS: { label: string; href: Href }[] = [
  { label: "Plans and payment", href: "/plans" },
  { label: "Positions", href: "/positions" },
  { label: "Auto-trade", href: "/trade" },
  { label: "Exchange connection", href: "/exchange" },
  { label: "Risk limits", href: "/risk" },
  { label: "Settings", href: "/settings" },
  { label: "Notifications", href: "/notifications" },
];

export function AccountScreen() {
  const router = useRouter();
  const { signOut } = useAuth();
  const me = useMe();
  return (
    <RefreshableScroll label="Account" onRefresh={() => me.refetch()}>
      <SafetyBadge />
      {me.data ? (
        <Card title={me.data.username}>
          <Row label="Email" value={me.data.email} />
          <Row label="Plan" value={effectivePlan(me.data)} />
          {me.data.plan_expires_at ? <Row label="Plan until" value={formatDateTime(me.data.plan_expires_at)} /> : null}
        </Card>
      ) : me.isError ? (
        <ErrorBanner message={errorMessage(me.error)} />
      ) : null}
      {LINKS.map((l) => (
        <Button key={l.label} label={l.label} variant="secondary" onPress={() => router.push(l.href)} />
      ))}
      {me.data?.role === "ADMIN" ? <Button label="Admin" variant="secondary" onPress={() => router.push("/admin")} /> : null}
      <Button label="Sign out" variant="link" onPress={() => void signOut()} />
    </RefreshableScroll>
  );
}
