import { settingsRoutes } from "../settings-route";

export const { GET, PUT, OPTIONS } = settingsRoutes("risk");
