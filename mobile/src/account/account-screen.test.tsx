import { fireEvent, screen } from "expo-router/testing-library";
import { fakePlatform, makeSignal } from "../../test/fake-platform";
import { meRoute, safety } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";
import { createQueryClient } from "../query-client";

describe("account screen", () => {
  it("asks for the user again when it opens, so a plan the admin changed a moment ago shows at once", async () => {
    let plan: "VIP" | "PREMIUM" = "VIP";
    const platform = fakePlatform({
      "GET /api/auth/me": () => meRoute(plan)["GET /api/auth/me"](),
      "GET /api/signals": () => ({ status: 200, body: { signals: [makeSignal({ symbol: "BTCUSDT" })], next_cursor: null } }),
      "GET /api/safety/widget": () => ({ status: 200, body: safety() }),
    });
    // The app's own client: its 15 s freshness is what would keep the answer the feed got.
    await renderApp(platform, { initialUrl: "/", queryClient: createQueryClient() });
    expect(await screen.findByText("BTCUSDT")).toBeTruthy();
    plan = "PREMIUM";
    await fireEvent.press(screen.getByRole("button", { name: "Account" }));
    expect(await screen.findByLabelText("Plan: PREMIUM")).toBeTruthy();
  });
});
