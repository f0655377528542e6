// The real push port: expo-notifications on iOS and Android. Pushes are shown while the app is
// open too; Android gets a high-importance channel. The web build answers "not available".
import Constants from "expo-constants";
import * as Notifications from "expo-notifications";
import { Platform } from "react-native";
import type { TPushPort } from "./push-port";

if (Platform.OS !== "web") {
  Notifications.setNotificationHandler({
    handleNotification: () => Promise.resolve({ shouldPlaySound: true, shouldSetBadge: false, shouldShowBanner: true, shouldShowList: true }),
  });
}

export const expoPush: TPushPort = {
  platform: Platform.OS === "ios" ? "ios" : Platform.OS === "android" ? "android" : "web",
  async register() {
    if (Platform.OS === "web") return { unavailable: "Push notifications work in the phone app, not in the browser." };
    if (Platform.OS === "android") {
      await Notifications.setNotificationChannelAsync("default", { name: "Signals, trades and payments", importance: Notifications.AndroidImportance.HIGH });
    }
    const GRANTED = Notifications.PermissionStatus.GRANTED;
    let { status } = await Notifications.getPermissionsAsync();
    if (status !== GRANTED) status = (await Notifications.requestPermissionsAsync()).status;
    if (status !== GRANTED) return { unavailable: "Notifications are turned off for Verzek in the phone's settings." };
    // Set by `eas init` in app.json (extra.eas.projectId); Expo Go needs none.
    const extra = Constants.expoConfig?.extra as { eas?: { projectId?: string } } | undefined;
    const projectId = extra?.eas?.projectId;
    const { data } = await Notifications.getExpoPushTokenAsync(projectId ? { projectId } : {});
    return { token: data };
  },
  onOpen(listener) {
    if (Platform.OS === "web") return () => undefined;
    const sub = Notifications.addNotificationResponseReceivedListener((response) => listener(response.notification.request.content.data ?? {}));
    return () => sub.remove();
  },
};
