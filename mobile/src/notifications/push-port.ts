// How the app reaches the phone's push service: a port, so that screens and tests do not depend
// on expo-notifications (tests pass a fake; the web build has no Expo push token).
export type TPushData = Record<string, unknown>;
export type TPushResult = { token: string } | { unavailable: string };

export type TPushPort = {
  /** Asks for permission if needed and answers the Expo push token, or why there is none. */
  register(): Promise<TPushResult>;
  /** Calls back when the user opens a push; answers the unsubscribe. */
  onOpen?(listener: (data: TPushData) => void): () => void;
  platform: "ios" | "android" | "web";
};

export const noPush: TPushPort = { register: () => Promise.resolve({ unavailable: "Push notifications are not available here." }), platform: "web" };

/** Where a push leads when opened: its signal, the positions, the account or the feed. */
export function pushTarget(data: TPushData): string {
  const signalId = typeof data.signal_id === "string" ? data.signal_id : null;
  if (data.kind === "copy_opened" || data.kind === "copy_closed") return "/positions";
  if (signalId) return `/signals/${signalId}`;
  if (typeof data.kind === "string" && /^(payment|plan)_/.test(data.kind)) return "/notifications";
  return "/";
}
