import AsyncStorage from "@react-native-async-storage/async-storage";
import { api } from "../api";
import { expoPush } from "../notifications/expo-push";
import { AppProviders } from "../providers";
import { createCachePersister } from "../query-persistence";
import { RootStack } from "../root-stack";

const persister = createCachePersister(AsyncStorage);

export default function RootLayout() {
  return (
    <AppProviders client={api} push={expoPush} persister={persister}>
      <RootStack />
    </AppProviders>
  );
}
