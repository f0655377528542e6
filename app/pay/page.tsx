// The USDT (TRC-20) payment page (SPEC §4): public, also opened from the app with `?email=` or
// `?token=` (and `?plan=`). Plans and prices come from the configuration; the QR code of the
// receiving address is rendered here, on the server, as an SVG (no image request, no client JS).
// Below it, "Connect Telegram" for the signed-in user (their VIP group link and state).
import type { Metadata } from "next";
import QRCode from "qrcode";
import { authenticateBearer, nullIfUnauthenticated } from "@/server/auth/authenticate";
import { env } from "@/server/env";
import { listPlans } from "@/server/subscriptions/plans";
import { ConnectTelegram } from "./connect-telegram";
import { PaymentForm } from "./payment-form";

// The app may open this page with its access token in the URL: never send it on as a Referer.
export const metadata: Metadata = { title: "Pay with USDT (TRC-20)", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type TSearch = { email?: string; token?: string; plan?: string; payment?: string };

/** The app user when the app opened the page with its token: they get an invoice (a unique amount). */
async function signedIn(search: TSearch): Promise<{ email: string; token: string } | null> {
  if (!search.token) return null;
  const user = await nullIfUnauthenticated(authenticateBearer(`Bearer ${search.token}`));
  return user ? { email: user.email, token: search.token } : null;
}

export default async function PayPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const search = await searchParams;
  const { plans, address } = listPlans();
  const qrSvg = address ? await QRCode.toString(address, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } }) : null;
  const wanted = search.plan?.toUpperCase();
  const initialPlan = plans.find((p) => p.plan === wanted)?.plan ?? "VIP";
  const viewer = await signedIn(search);
  const paymentId = typeof search.payment === "string" && /^[0-9a-f-]{36}$/i.test(search.payment) ? search.payment : null;

  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-6 px-4 py-8 sm:py-12">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold sm:text-3xl">Upgrade with USDT</h1>
        <p className="text-sm text-slate-400">
          Pay with USDT on the TRON network (TRC-20). Signed in from the app, you get an amount of your own and nothing
          else to do; otherwise paste the transaction hash below. Your plan is activated as soon as the transfer is
          confirmed on-chain — usually within a minute or two.
        </p>
      </header>
      <PaymentForm
        plans={plans}
        address={address}
        qrSvg={qrSvg}
        initialEmail={viewer?.email ?? (typeof search.email === "string" ? search.email.slice(0, 254) : "")}
        token={viewer?.token ?? null}
        initialPlan={initialPlan}
        initialPaymentId={paymentId}
        apiKey={env().MOBILE_API_KEY ?? null}
      />
      {viewer ? (
        <ConnectTelegram token={viewer.token} apiKey={env().MOBILE_API_KEY ?? null} />
      ) : (
        <section aria-labelledby="connect-telegram" className="flex flex-col gap-2 rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm">
          <h2 id="connect-telegram" className="font-medium text-slate-300">
            Connect Telegram — the VIP group
          </h2>
          <p className="text-slate-400">
            VIP and PREMIUM include the VIP Telegram group. Open this page from the Verzek app (signed in) — or use Connect Telegram in the app — to
            connect your Telegram account and get the invite.
          </p>
        </section>
      )}
    </main>
  );
}
