import { api } from "../api";
import { expoPush } from "../notifications/expo-push";
import { AppProviders } from "../providers";
import { RootStack } from "../root-stack";

export default function RootLayout() {
  return (
    <AppProviders client={api} push={expoPush}>
      <RootStack />
    </AppProviders>
  );
}
