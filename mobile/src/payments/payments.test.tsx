import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, makeUser } from "../../test/fake-platform";
import { meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const ADDRESS = "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf";
const HASH = "a".repeat(64);
const PAYMENT_ID = "20000000-0000-4000-8000-000000000001";
const plans = {
  plans: [
    { plan: "VIP", price_usdt: "79", days: 30, features: ["Every signal in real time"] },
    { plan: "PREMIUM", price_usdt: "149", days: 30, features: ["Auto-trading"] },
  ],
  currency: "USDT",
  network: "TRC20",
  address: ADDRESS,
  usdt_contract: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
};
const payment = (over: Record<string, unknown> = {}) => ({ id: PAYMENT_ID, plan: "VIP", network: "TRC20", status: "PENDING", expected_amount: "79", paid_amount: null, overpaid_by: null, reason: null, valid_till: null, created_at: "2026-12-04T12:00:00.000Z", confirmed_at: null, rejected_at: null, ...over });

describe("plans and payment", () => {
  it("opens the plans from the TRIAL banner on the feed", async () => {
    const app = await renderApp(fakePlatform({ ...meRoute("TRIAL"), "GET /api/signals": () => ({ status: 200, body: { signals: [], next_cursor: null } }), "GET /api/plans": () => ({ status: 200, body: plans }) }));
    await fireEvent.press(await screen.findByRole("button", { name: "See plans" }));
    expect(await screen.findByRole("button", { name: "Pay for VIP" })).toBeTruthy();
    expect(app.getPathname()).toBe("/plans");
  });

  it("lists the plans, shows the address and exact amount, submits the hash and follows the status to 'Plan Activated'", async () => {
    let status: "PENDING" | "CONFIRMED" = "PENDING";
    let plan: "TRIAL" | "VIP" = "TRIAL";
    const platform = fakePlatform({
      "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser({ plan, plan_expires_at: plan === "VIP" ? "2027-01-03T10:00:00.000Z" : null }) } }),
      "GET /api/plans": () => ({ status: 200, body: plans }),
      "POST /api/payments/usdt/initiate": () => ({ status: 201, body: { message: "Payment submitted: pending verification", payment: { ...payment(), tx_hash: HASH }, pay_to: { address: ADDRESS, network: "TRC20", currency: "USDT", amount: "79" } } }),
      "GET /api/payments/:id": () => ({ status: 200, body: payment(status === "CONFIRMED" ? { status, paid_amount: "79", valid_till: "2027-01-03T12:00:00.000Z" } : {}) }),
    });
    const app = await renderApp(platform, { initialUrl: "/plans" });
    expect(await screen.findByLabelText("Price: 79 USDT / 30 days")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Pay for VIP" }));
    expect(await screen.findByLabelText(`Payment address: ${ADDRESS}`)).toBeTruthy();
    expect(screen.getByLabelText("Amount: 79 USDT")).toBeTruthy();

    await fireEvent.changeText(screen.getByLabelText("Transaction hash"), "not-a-hash");
    await fireEvent.press(screen.getByRole("button", { name: "Submit payment" }));
    expect(screen.getByLabelText("Transaction hash: Paste the transaction hash: 64 hexadecimal characters")).toBeTruthy();
    await fireEvent.changeText(screen.getByLabelText("Transaction hash"), HASH);
    await fireEvent.press(screen.getByRole("button", { name: "Submit payment" }));
    expect(await screen.findByText("Verifying your payment")).toBeTruthy();
    expect(app.getPathname()).toBe(`/payments/${PAYMENT_ID}`);
    expect(platform.requests.find((r) => r.method === "POST")?.body).toEqual({ email: "alice@example.com", plan: "VIP", tx_hash: HASH, network: "TRC20" });

    status = "CONFIRMED";
    plan = "VIP";
    await act(() => app.queryClient.refetchQueries({ queryKey: ["payments", PAYMENT_ID] }));
    expect(await screen.findByText("✅ Payment Verified – Plan Activated")).toBeTruthy();
    await waitFor(() => expect(app.queryClient.getQueryData<{ plan: string }>(["me"])?.plan).toBe("VIP"));
  });

  it("shows the server's message for a hash it refuses, under the field", async () => {
    await renderApp(
      fakePlatform({
        ...meRoute("TRIAL"),
        "GET /api/plans": () => ({ status: 200, body: plans }),
        "POST /api/payments/usdt/initiate": () => ({ status: 409, body: { error: "conflict", message: "tx_hash: this transaction was already submitted", field: "tx_hash" } }),
      }),
      { initialUrl: "/pay?plan=PREMIUM" },
    );
    expect(await screen.findByLabelText("Amount: 149 USDT")).toBeTruthy();
    await fireEvent.changeText(screen.getByLabelText("Transaction hash"), HASH);
    await fireEvent.press(screen.getByRole("button", { name: "Submit payment" }));
    expect(await screen.findByLabelText("Transaction hash: this transaction was already submitted")).toBeTruthy();
  });

  it("shows a rejected payment's reason", async () => {
    await renderApp(fakePlatform({ ...meRoute("TRIAL"), "GET /api/payments/:id": () => ({ status: 200, body: payment({ status: "REJECTED", reason: "The transfer went to another address" }) }) }), { initialUrl: `/payments/${PAYMENT_ID}` });
    expect(await screen.findByText("Payment rejected")).toBeTruthy();
    expect(screen.getByText("The transfer went to another address")).toBeTruthy();
  });

  it("shows the plans' loading and error states", async () => {
    let fail = true;
    await renderApp(fakePlatform({ ...meRoute("TRIAL"), "GET /api/plans": () => (fail ? { status: 503, body: { error: "service_unavailable", message: "The database is not reachable" } } : { status: 200, body: plans }) }), { initialUrl: "/plans" });
    expect(screen.getByLabelText("Loading plans")).toBeTruthy();
    expect(await screen.findByText("The database is not reachable")).toBeTruthy();
    fail = false;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("button", { name: "Pay for PREMIUM" })).toBeTruthy();
  });
});
