// Which screens exist for whom: the feed, account screens and details only with a session, sign-in and register
// only without one. expo-router's Protected groups redirect when the session changes.
import { Stack } from "expo-router";
import { StatusBar } from "expo-status-bar";
import { useAuth } from "./auth/auth-context";
import { OfflineBanner } from "./ui/offline-banner";
import { LoadingState } from "./ui/states";
import { colors } from "./ui/theme";

export function RootStack() {
  const { status } = useAuth();
  if (status === "loading") return <LoadingState label="Starting" />;
  const signedIn = status === "signedIn";
  return (
    <>
      <StatusBar style="light" />
      <OfflineBanner />
      <Stack
        screenOptions={{
          headerStyle: { backgroundColor: colors.background },
          headerTintColor: colors.text,
          headerShadowVisible: false,
          contentStyle: { backgroundColor: colors.background },
        }}
      >
        <Stack.Protected guard={signedIn}>
          <Stack.Screen name="index" options={{ title: "Signals" }} />
          <Stack.Screen name="signals/[id]" options={{ title: "Signal" }} />
          <Stack.Screen name="account" options={{ title: "Account" }} />
          <Stack.Screen name="positions/index" options={{ title: "Positions" }} />
          <Stack.Screen name="positions/[id]" options={{ title: "Position" }} />
          <Stack.Screen name="trade" options={{ title: "Auto-trade" }} />
          <Stack.Screen name="exchange" options={{ title: "Exchange connection" }} />
          <Stack.Screen name="risk" options={{ title: "Risk limits" }} />
          <Stack.Screen name="settings" options={{ title: "Settings" }} />
          <Stack.Screen name="plans" options={{ title: "Plans" }} />
          <Stack.Screen name="pay" options={{ title: "Payment" }} />
          <Stack.Screen name="notifications" options={{ title: "Notifications" }} />
          <Stack.Screen name="admin/index" options={{ title: "Admin" }} />
          <Stack.Screen name="admin/signal-stats" options={{ title: "Signal statistics" }} />
          <Stack.Screen name="admin/partners" options={{ title: "Partners" }} />
        </Stack.Protected>
        <Stack.Protected guard={!signedIn}>
          <Stack.Screen name="sign-in" options={{ title: "Sign in", headerShown: false }} />
          <Stack.Screen name="register" options={{ title: "Create account" }} />
        </Stack.Protected>
      </Stack>
    </>
  );
}
