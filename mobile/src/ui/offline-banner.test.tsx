import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform } from "../../test/fake-platform";
import { makePosition, meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

describe("offline", () => {
  it("keeps the last data on screen with a banner while the platform cannot be reached, and hides it once it answers", async () => {
    let online = true;
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/positions": () => {
        if (!online) throw new TypeError("Network request failed");
        return { status: 200, body: { user_id: 7, positions: [makePosition({ symbol: "SOLUSDT" })], page: 1, per_page: 100, total: 1 } };
      },
    });
    await renderApp(platform, { initialUrl: "/positions" });
    expect(await screen.findByText("SOLUSDT")).toBeTruthy();
    expect(screen.queryByLabelText(/^Offline since/)).toBeNull();

    online = false;
    const refreshControl = (screen.getByLabelText("Positions").props as { refreshControl: { props: { onRefresh: () => void } } }).refreshControl;
    await act(() => refreshControl.props.onRefresh());
    expect(await screen.findByLabelText(/^Offline since \d\d:\d\d: showing the last data received\.$/)).toBeTruthy();
    expect(screen.getByText("SOLUSDT")).toBeTruthy();

    online = true;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByLabelText(/^Offline since/)).toBeNull());
    expect(screen.getByText("SOLUSDT")).toBeTruthy();
  });
});
