"use client";
// The status view: polls GET /api/payments/:id every few seconds until the payment is decided,
// and moves from "Pending verification" to "✅ Payment Verified – Plan Activated" or to the
// rejection reason without a reload.
import { useEffect, useState } from "react";

export type TStatus = {
  id: string;
  plan: string;
  status: "PENDING" | "CONFIRMED" | "REJECTED";
  expected_amount: string;
  paid_amount: string | null;
  reason: string | null;
  valid_till: string | null;
};

const POLL_MS = 3000;

export function PaymentStatus({ id, initial, onNew }: { id: string; initial: TStatus | null; onNew: () => void }) {
  const [payment, setPayment] = useState<TStatus | null>(initial);
  const [missing, setMissing] = useState(false);
  const decided = payment?.status === "CONFIRMED" || payment?.status === "REJECTED";

  useEffect(() => {
    if (decided) return;
    let cancelled = false;
    const poll = async () => {
      try {
        const res = await fetch(`/api/payments/${id}`, { cache: "no-store" });
        if (res.status === 404 || res.status === 400) setMissing(true);
        else if (res.ok && !cancelled) setPayment((await res.json()) as TStatus);
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [id, decided]);

  if (missing) return <p role="alert" className="text-rose-300">This payment was not found.</p>;

  return (
    <section role="status" aria-live="polite" className="flex flex-col gap-3 rounded-lg border border-slate-800 bg-slate-900 p-5">
      {payment?.status === "CONFIRMED" ? (
        <>
          <h2 className="text-xl font-semibold text-emerald-400">✅ Payment Verified – Plan Activated</h2>
          <p>
            Your <strong>{payment.plan}</strong> plan is active
            {payment.valid_till && <> until <strong>{new Date(payment.valid_till).toUTCString()}</strong></>}.
          </p>
          {payment.paid_amount && <p className="text-sm text-slate-400">Received {payment.paid_amount} USDT.</p>}
        </>
      ) : payment?.status === "REJECTED" ? (
        <>
          <h2 className="text-xl font-semibold text-rose-400">❌ Payment rejected</h2>
          <p data-testid="reason">{payment.reason ?? "The payment could not be verified."}</p>
          <button type="button" onClick={onNew} className="self-start rounded-md border border-slate-700 px-3 py-1.5 text-sm hover:bg-slate-800">
            Submit another transaction
          </button>
        </>
      ) : (
        <>
          <h2 className="flex items-center gap-2 text-xl font-semibold text-amber-300">
            <span className="inline-block h-3 w-3 animate-pulse rounded-full bg-amber-300" aria-hidden />
            Pending verification
          </h2>
          <p className="text-sm text-slate-300">
            {payment ? `${payment.plan} · ${payment.expected_amount} USDT. ` : ""}We are checking the transaction on the TRON network; this page
            updates by itself.
          </p>
          {payment?.reason && <p className="text-sm text-slate-400" data-testid="reason">Last check: {payment.reason}</p>}
          {/* The page never says whether an email has an account (issue 15.3), so it says what that means instead. */}
          <p className="text-sm text-slate-400" data-testid="account-note">
            The plan is activated on the account registered with the email you entered; an email without an account activates
            nothing. Not sure of the spelling? Open this page from the app, signed in.
          </p>
        </>
      )}
    </section>
  );
}
