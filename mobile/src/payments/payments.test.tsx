import * as Clipboard from "expo-clipboard";
import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import type { TInvoice } from "../api/schemas";
import { fakePlatform, makeUser } from "../../test/fake-platform";
import { meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";
import { INVOICE_POLL_MS } from "./pay-screen";

const ADDRESS = "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf";
const INVOICE_ID = "20000000-0000-4000-8000-000000000001";
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
const invoice = (over: Partial<TInvoice> & Record<string, unknown> = {}): TInvoice & Record<string, unknown> => ({
  invoice_id: INVOICE_ID,
  plan: "VIP",
  price: "79",
  amount: "79.004217",
  address: ADDRESS,
  network: "TRC20",
  currency: "USDT",
  status: "OPEN",
  state: "OPEN",
  reason: null,
  created_at: "2026-12-04T12:00:00.000Z",
  expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
  grace_until: new Date(Date.now() + 40 * 60_000).toISOString(),
  paid_tx_id: null,
  paid_amount: null,
  overpaid_by: null,
  paid_at: null,
  payment_id: null,
  valid_till: null,
  ...over,
});

describe("plans and payment", () => {
  it("opens the plans from the TRIAL banner on the feed", async () => {
    const app = await renderApp(fakePlatform({ ...meRoute("TRIAL"), "GET /api/signals": () => ({ status: 200, body: { signals: [], next_cursor: null } }), "GET /api/plans": () => ({ status: 200, body: plans }) }));
    await fireEvent.press(await screen.findByRole("button", { name: "See plans" }));
    expect(await screen.findByRole("button", { name: "Pay for VIP" })).toBeTruthy();
    expect(app.getPathname()).toBe("/plans");
  });

  it("lists the plans, opens the plan's invoice with its exact amount and address, and follows it to 'Plan Activated'", async () => {
    let state: TInvoice["state"] = "OPEN";
    let plan: "TRIAL" | "VIP" = "TRIAL";
    const platform = fakePlatform({
      "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser({ plan, plan_expires_at: plan === "VIP" ? "2027-01-03T10:00:00.000Z" : null }) } }),
      "GET /api/plans": () => ({ status: 200, body: plans }),
      "POST /api/payments/usdt/invoice": () => ({ status: 201, body: { ...invoice(), qr: "<svg/>" } }),
      "GET /api/payments/usdt/invoice/:id": () => ({ status: 200, body: invoice(state === "ACTIVATED" ? { state, status: "PAID", paid_amount: "79.004217", valid_till: "2027-01-03T12:00:00.000Z" } : {}) }),
    });
    const app = await renderApp(platform, { initialUrl: "/plans" });
    expect(await screen.findByLabelText("Price: 79 USDT / 30 days")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Pay for VIP" }));
    expect(await screen.findByLabelText("Send exactly: 79.004217 USDT")).toBeTruthy();
    expect(screen.getByLabelText(`Payment address: ${ADDRESS}`)).toBeTruthy();
    expect(screen.getByLabelText(/^Pay before: \d\d:\d\d \(in 30 min\)$/)).toBeTruthy();
    expect(screen.getByText("Waiting for your transfer")).toBeTruthy();
    expect(platform.requests.find((r) => r.method === "POST")?.body).toEqual({ plan: "VIP" });
    expect(app.getPathname()).toBe("/pay");

    // The screen polls the invoice, not a new one.
    const query = app.queryClient.getQueryCache().find({ queryKey: ["invoice", "VIP"] });
    expect(INVOICE_POLL_MS).toBe(10_000);
    state = "ACTIVATED";
    plan = "VIP";
    await act(() => app.queryClient.refetchQueries({ queryKey: ["invoice", "VIP"] }));
    expect(await screen.findByText("✅ Payment Verified – Plan Activated")).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/payments/usdt/invoice")).toHaveLength(1);
    expect(platform.requests.filter((r) => r.path === `/api/payments/usdt/invoice/${INVOICE_ID}`)).toHaveLength(1);
    await waitFor(() => expect(app.queryClient.getQueryData<{ plan: string }>(["me"])?.plan).toBe("VIP"));
    // Activated: no more polling.
    const interval = query?.observers[0]?.options.refetchInterval;
    expect(typeof interval === "function" ? interval(query!) : interval).toBe(false);
  });

  it("shows the address as a QR code (kept while the invoice is polled) and copies the address and the amount", async () => {
    const copy = jest.spyOn(Clipboard, "setStringAsync").mockResolvedValue(true);
    const QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path stroke="#000" d="M1 1h7"/></svg>';
    const app = await renderApp(
      fakePlatform({
        ...meRoute("TRIAL"),
        "POST /api/payments/usdt/invoice": () => ({ status: 201, body: { ...invoice(), qr: QR } }),
        "GET /api/payments/usdt/invoice/:id": () => ({ status: 200, body: invoice() }),
      }),
      { initialUrl: "/pay?plan=VIP" },
    );
    expect(await screen.findByLabelText(`QR code of the payment address ${ADDRESS}`)).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Copy payment address" }));
    expect(copy).toHaveBeenLastCalledWith(ADDRESS);
    expect(await screen.findByRole("button", { name: "Payment address copied" })).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Copy amount" }));
    expect(copy).toHaveBeenLastCalledWith("79.004217");
    // A later read of the invoice has no QR field: the code stays on screen.
    await act(() => app.queryClient.refetchQueries({ queryKey: ["invoice", "VIP"] }));
    expect(screen.getByLabelText(`QR code of the payment address ${ADDRESS}`)).toBeTruthy();
    copy.mockRestore();
  });

  it("offers a new invoice once one has expired", async () => {
    let calls = 0;
    const platform = fakePlatform({
      ...meRoute("TRIAL"),
      "POST /api/payments/usdt/invoice": () => {
        calls += 1;
        return { status: 201, body: calls === 1 ? invoice({ state: "EXPIRED", status: "EXPIRED", reason: "No transfer of 79.004217 USDT arrived before the invoice expired" }) : invoice({ invoice_id: "20000000-0000-4000-8000-000000000002", amount: "79.001133" }) };
      },
    });
    await renderApp(platform, { initialUrl: "/pay?plan=VIP" });
    expect(await screen.findByText("This invoice expired")).toBeTruthy();
    expect(screen.getByText("No transfer of 79.004217 USDT arrived before the invoice expired")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Open a new invoice" }));
    expect(await screen.findByLabelText("Send exactly: 79.001133 USDT")).toBeTruthy();
  });

  it("shows the server's refusal to open an invoice with a retry", async () => {
    await renderApp(
      fakePlatform({ ...meRoute("TRIAL"), "POST /api/payments/usdt/invoice": () => ({ status: 503, body: { error: "service_unavailable", message: "USDT payments are not configured yet (no receiving address): contact support" } }) }),
      { initialUrl: "/pay?plan=PREMIUM" },
    );
    expect(screen.getByLabelText("Opening your invoice")).toBeTruthy();
    expect(await screen.findByText("USDT payments are not configured yet (no receiving address): contact support")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
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
