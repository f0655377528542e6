// The app's one API client, configured from EXPO_PUBLIC_API_URL / EXPO_PUBLIC_API_KEY.
import { apiConfig } from "./config";
import { createApiClient } from "./http";
import { deviceTokenStore } from "./token-store";

export const api = createApiClient({ ...apiConfig(), tokens: deviceTokenStore });
