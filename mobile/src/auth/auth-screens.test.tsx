import { fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, makeSignal, makeUser } from "../../test/fake-platform";
import { renderApp } from "../../test/render-app";

const session = (user = makeUser()) => ({ access_token: "access-9", refresh_token: "refresh-9", token_type: "Bearer", expires_in: 3600, user });
const feedRoutes = {
  "GET /api/signals": () => ({ status: 200, body: { signals: [makeSignal({ symbol: "ETHUSDT" })], next_cursor: null } }),
  "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser() } }),
};

describe("sign in", () => {
  it("is where a signed-out user lands, and checks the form before calling the server", async () => {
    const platform = fakePlatform();
    const app = await renderApp(platform, { tokens: null });
    expect(app.getPathname()).toBe("/sign-in");
    await fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your email")).toBeTruthy();
    expect(screen.getByText("Enter your password")).toBeTruthy();
    await fireEvent.changeText(screen.getByLabelText("Email"), "not-an-email");
    await fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter a valid email address")).toBeTruthy();
    expect(platform.requests).toHaveLength(0);
  });

  it("shows the server's message when the password is wrong", async () => {
    const platform = fakePlatform({ "POST /api/auth/login": () => ({ status: 401, body: { error: "invalid_credentials", message: "Invalid email or password" } }) });
    await renderApp(platform, { tokens: null });
    await fireEvent.changeText(screen.getByLabelText("Email"), "alice@example.com");
    await fireEvent.changeText(screen.getByLabelText("Password"), "wrong-password");
    await fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Invalid email or password")).toBeTruthy();
  });

  it("stores the session and opens the feed", async () => {
    const platform = fakePlatform({ ...feedRoutes, "POST /api/auth/login": () => ({ status: 200, body: session() }) });
    const app = await renderApp(platform, { tokens: null });
    await fireEvent.changeText(screen.getByLabelText("Email"), " Alice@Example.com ");
    await fireEvent.changeText(screen.getByLabelText("Password"), "password1");
    await fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("ETHUSDT")).toBeTruthy();
    expect(app.getPathname()).toBe("/");
    expect(platform.requests[0]?.body).toEqual({ email: "Alice@Example.com", password: "password1" });
    expect(app.tokens.current()).toEqual({ accessToken: "access-9", refreshToken: "refresh-9" });
  });
});

describe("register", () => {
  it("takes the referral code from the link verzek://register?ref=CODE and sends it", async () => {
    const platform = fakePlatform({ ...feedRoutes, "POST /api/auth/register": () => ({ status: 201, body: session() }) });
    const app = await renderApp(platform, { tokens: null, initialUrl: "/register?ref=PARTNER7" });
    expect(app.getPathname()).toBe("/register");
    expect(screen.getByLabelText("Referral code (optional)").props.value).toBe("PARTNER7");
    await fireEvent.changeText(screen.getByLabelText("Username"), "alice");
    await fireEvent.changeText(screen.getByLabelText("Email"), "alice@example.com");
    await fireEvent.changeText(screen.getByLabelText("Password"), "password1");
    await fireEvent.press(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("ETHUSDT")).toBeTruthy();
    expect(platform.requests.find((r) => r.path === "/api/auth/register")?.body).toEqual({
      username: "alice",
      email: "alice@example.com",
      password: "password1",
      ref: "PARTNER7",
    });
  });

  it("explains each field's rule before sending anything", async () => {
    const platform = fakePlatform();
    await renderApp(platform, { tokens: null, initialUrl: "/register" });
    await fireEvent.changeText(screen.getByLabelText("Username"), "a!");
    await fireEvent.changeText(screen.getByLabelText("Email"), "alice@example.com");
    await fireEvent.changeText(screen.getByLabelText("Password"), "short");
    await fireEvent.press(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("At least 3 characters")).toBeTruthy();
    expect(screen.getByText("At least 8 characters")).toBeTruthy();
    expect(platform.requests).toHaveLength(0);
  });

  it("shows the server's message under the field it names", async () => {
    const platform = fakePlatform({
      "POST /api/auth/register": () => ({ status: 400, body: { error: "invalid_input", message: "ref: unknown referral code", field: "ref" } }),
    });
    await renderApp(platform, { tokens: null, initialUrl: "/register" });
    await fireEvent.changeText(screen.getByLabelText("Username"), "alice");
    await fireEvent.changeText(screen.getByLabelText("Email"), "alice@example.com");
    await fireEvent.changeText(screen.getByLabelText("Password"), "password1");
    await fireEvent.press(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByLabelText("Referral code (optional): unknown referral code")).toBeTruthy();
  });

  it("is reached from sign-in", async () => {
    const app = await renderApp(fakePlatform(), { tokens: null });
    await fireEvent.press(screen.getByRole("button", { name: "Create an account" }));
    await waitFor(() => expect(app.getPathname()).toBe("/register"));
  });
});

describe("the session", () => {
  it("returns to sign-in when the server refuses the refresh", async () => {
    const platform = fakePlatform({
      "GET /api/signals": () => ({ status: 401, body: { error: "invalid_token", message: "expired" } }),
      "GET /api/auth/me": () => ({ status: 401, body: { error: "invalid_token", message: "expired" } }),
      "POST /api/auth/refresh": () => ({ status: 401, body: { error: "invalid_token", message: "Refresh token reuse detected" } }),
    });
    const app = await renderApp(platform);
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
    expect(app.getPathname()).toBe("/sign-in");
    expect(app.tokens.current()).toBeNull();
  });

  it("signs out from the feed", async () => {
    const app = await renderApp(fakePlatform(feedRoutes));
    await screen.findByText("ETHUSDT");
    await fireEvent.press(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
    expect(app.tokens.current()).toBeNull();
  });
});
