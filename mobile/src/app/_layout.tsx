import { api } from "../api";
import { AppProviders } from "../providers";
import { RootStack } from "../root-stack";

export default function RootLayout() {
  return (
    <AppProviders client={api}>
      <RootStack />
    </AppProviders>
  );
}
