import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import type { TNotification } from "../api/schemas";
import { fakePlatform } from "../../test/fake-platform";
import { meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";
import { pushTarget, type TPushData, type TPushPort, type TPushResult } from "./push-port";

const TOKEN = "ExponentPushToken[abcdefghijklmnop123456]";

function fakePush(results: TPushResult[] = [{ token: TOKEN }]) {
  const listeners: ((data: TPushData) => void)[] = [];
  const port: TPushPort & { calls: number; open: (data: TPushData) => void } = {
    platform: "android",
    calls: 0,
    register() {
      const r = results[Math.min(port.calls, results.length - 1)]!;
      port.calls++;
      return Promise.resolve(r);
    },
    onOpen(listener) {
      listeners.push(listener);
      return () => void listeners.splice(listeners.indexOf(listener), 1);
    },
    open: (data) => listeners.forEach((l) => l(data)),
  };
  return port;
}

const note = (over: Partial<TNotification> = {}): TNotification => ({
  id: 1,
  kind: "payment_confirmed",
  title: "✅ Payment Verified – Plan Activated",
  body: "Your VIP plan is active until 2027-01-03 10:00 UTC.",
  read_at: null,
  created_at: "2026-12-04T12:00:00.000Z",
  ...over,
});

const emptyFeed = { "GET /api/signals": () => ({ status: 200, body: { signals: [], next_cursor: null } }) };

describe("push notifications", () => {
  it("registers this phone's Expo push token with the platform once signed in", async () => {
    const platform = fakePlatform({ ...meRoute("VIP"), ...emptyFeed, "POST /api/devices": (req) => ({ status: 201, body: { device: { token: (req.body as { token: string }).token, platform: "android" } } }) });
    await renderApp(platform, { push: fakePush() });
    await waitFor(() => expect(platform.requests.filter((r) => r.path === "/api/devices")).toHaveLength(1));
    const reg = platform.requests.find((r) => r.path === "/api/devices")!;
    expect(reg.method).toBe("POST");
    expect(reg.body).toEqual({ token: TOKEN, platform: "android" });
    expect(reg.headers.authorization).toBe("Bearer access-1");
  });

  it("signed out: nothing is registered", async () => {
    const platform = fakePlatform();
    const push = fakePush();
    await renderApp(platform, { tokens: null, initialUrl: "/sign-in", push });
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
    expect(push.calls).toBe(0);
    expect(platform.requests.filter((r) => r.path === "/api/devices")).toEqual([]);
  });

  it("sign-out unregisters the token while the session is still valid, then forgets the session", async () => {
    const platform = fakePlatform({ ...meRoute("VIP"), ...emptyFeed, "POST /api/devices": () => ({ status: 201, body: { device: { token: TOKEN, platform: "android" } } }), "DELETE /api/devices/:token": () => ({ status: 200, body: { removed: true } }) });
    const app = await renderApp(platform, { initialUrl: "/account", push: fakePush() });
    await waitFor(() => expect(platform.requests.some((r) => r.path === "/api/devices")).toBe(true));
    await fireEvent.press(await screen.findByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(app.getPathname()).toBe("/sign-in"));
    const del = platform.requests.find((r) => r.method === "DELETE")!;
    expect(del.path).toBe(`/api/devices/${encodeURIComponent(TOKEN)}`);
    expect(del.headers.authorization).toBe("Bearer access-1");
    expect(await app.tokens.get()).toBeNull();
  });

  it("permission refused: the screen says so and offers to try again, which registers", async () => {
    const platform = fakePlatform({ ...meRoute("VIP"), "GET /api/notifications/me": () => ({ status: 200, body: { unread: 0, notifications: [] } }), "POST /api/devices": () => ({ status: 201, body: { device: { token: TOKEN, platform: "android" } } }) });
    await renderApp(platform, { initialUrl: "/notifications", push: fakePush([{ unavailable: "Notifications are turned off for Verzek in the phone's settings." }, { token: TOKEN }]) });
    expect(await screen.findByText("Notifications are turned off for Verzek in the phone's settings.")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Turn on push notifications" }));
    expect(await screen.findByText(/^On: new signals/)).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/devices")).toHaveLength(1);
  });

  it("the platform refusing the token shows its message", async () => {
    const platform = fakePlatform({ ...meRoute("VIP"), "GET /api/notifications/me": () => ({ status: 200, body: { unread: 0, notifications: [] } }), "POST /api/devices": () => ({ status: 400, body: { error: "invalid_input", message: "token: must be an Expo push token", field: "token" } }) });
    await renderApp(platform, { initialUrl: "/notifications", push: fakePush() });
    expect(await screen.findByText("token: must be an Expo push token")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Turn on push notifications" })).toBeTruthy();
  });

  it("opening a push goes to what it is about", async () => {
    const push = fakePush();
    const platform = fakePlatform({ ...meRoute("VIP"), ...emptyFeed, "POST /api/devices": () => ({ status: 201, body: { device: { token: TOKEN, platform: "android" } } }), "GET /api/notifications/me": () => ({ status: 200, body: { unread: 0, notifications: [] } }) });
    const app = await renderApp(platform, { push });
    await waitFor(() => expect(platform.requests.some((r) => r.path === "/api/devices")).toBe(true));
    await act(() => Promise.resolve(push.open({ kind: "payment_confirmed" })));
    await waitFor(() => expect(app.getPathname()).toBe("/notifications"));
  });

  it("pushTarget: signals to their detail, copies to positions, payments to notifications, the rest to the feed", () => {
    expect(pushTarget({ kind: "signal", signal_id: "s1" })).toBe("/signals/s1");
    expect(pushTarget({ kind: "copy_closed", signal_id: "s1" })).toBe("/positions");
    expect(pushTarget({ kind: "payment_confirmed" })).toBe("/notifications");
    expect(pushTarget({ kind: "plan_reminder" })).toBe("/notifications");
    expect(pushTarget({ kind: "kill_switch" })).toBe("/");
    expect(pushTarget({})).toBe("/");
  });
});

describe("notifications screen", () => {
  it("loading, then the notifications newest first with the unread marked; 'Mark all as read' clears them", async () => {
    let read = false;
    const platform = fakePlatform({
      ...meRoute("VIP"),
      "GET /api/notifications/me": () => ({
        status: 200,
        body: {
          unread: read ? 0 : 2,
          notifications: [note({ id: 2, read_at: read ? "2026-12-04T13:00:00.000Z" : null }), note({ id: 1, kind: "plan_reminder", title: "Your plan ends in 3 days", body: "Renew to keep VIP.", read_at: read ? "2026-12-04T13:00:00.000Z" : null })],
        },
      }),
      "POST /api/notifications/me/read": () => {
        read = true;
        return { status: 200, body: { marked: 2 } };
      },
    });
    await renderApp(platform, { initialUrl: "/notifications" });
    expect(screen.getByLabelText("Loading notifications")).toBeTruthy();
    expect(await screen.findByLabelText("Unread: ✅ Payment Verified – Plan Activated. Your VIP plan is active until 2027-01-03 10:00 UTC.")).toBeTruthy();
    expect(screen.getByLabelText("Unread: Your plan ends in 3 days. Renew to keep VIP.")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Mark all 2 as read" }));
    expect(await screen.findByLabelText("Your plan ends in 3 days. Renew to keep VIP.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /^Mark all/ })).toBeNull();
    expect(platform.requests.find((r) => r.path === "/api/notifications/me/read")?.body).toEqual({});
    // Not in the browser or a test: the push card says why.
    expect(screen.getByText("Push notifications are not available here.")).toBeTruthy();
  });

  it("empty state", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP"), "GET /api/notifications/me": () => ({ status: 200, body: { unread: 0, notifications: [] } }) }), { initialUrl: "/notifications" });
    expect(await screen.findByText("No notifications yet")).toBeTruthy();
  });

  it("an error shows the server's message and 'Try again' reloads", async () => {
    let fail = true;
    await renderApp(
      fakePlatform({
        ...meRoute("VIP"),
        "GET /api/notifications/me": () => (fail ? { status: 500, body: { error: "internal_error", message: "Something went wrong on our side" } } : { status: 200, body: { unread: 0, notifications: [] } }),
      }),
      { initialUrl: "/notifications" },
    );
    expect(await screen.findByText("Something went wrong on our side")).toBeTruthy();
    fail = false;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No notifications yet")).toBeTruthy();
  });

  it("is reached from the account menu", async () => {
    const app = await renderApp(fakePlatform({ ...meRoute("VIP"), "GET /api/notifications/me": () => ({ status: 200, body: { unread: 0, notifications: [] } }) }), { initialUrl: "/account" });
    await fireEvent.press(await screen.findByRole("button", { name: "Notifications" }));
    await waitFor(() => expect(app.getPathname()).toBe("/notifications"));
  });
});
