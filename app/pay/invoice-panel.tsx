"use client";
// The signed-in way to pay (the app opens /pay with its token): the page asks for the user's
// invoice (POST /api/payments/usdt/invoice), shows its unique amount, the address, a QR code and
// a countdown, and polls the invoice until the watcher has seen the transfer on chain — then it
// reads "✅ Payment Verified – Plan Activated" with no hash pasted.
import { useCallback, useEffect, useState } from "react";

type TInvoice = {
  invoice_id: string;
  plan: string;
  amount: string;
  address: string;
  state: "OPEN" | "GRACE" | "PAID" | "EXPIRED" | "ACTIVATED";
  reason: string | null;
  expires_at: string;
  paid_amount: string | null;
  overpaid_by: string | null;
  valid_till: string | null;
  qr?: string;
};

const POLL_MS = 3000;

function remaining(expiresAt: string, now: number): string {
  const s = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function InvoicePanel({ plan, token, apiKey }: { plan: "VIP" | "PREMIUM"; token: string; apiKey: string | null }) {
  const [invoice, setInvoice] = useState<TInvoice | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const headers = useCallback(
    () => ({ authorization: `Bearer ${token}`, "content-type": "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}) }),
    [token, apiKey],
  );

  useEffect(() => {
    let cancelled = false;
    setInvoice(null);
    setError(null);
    void (async () => {
      try {
        const res = await fetch("/api/payments/usdt/invoice", { method: "POST", headers: headers(), body: JSON.stringify({ plan }) });
        const body = (await res.json()) as TInvoice & { message?: string };
        if (res.status !== 201) throw new Error(body.message ?? `The server answered ${res.status}`);
        if (!cancelled) {
          setInvoice(body);
          setQr(body.qr ?? null);
        }
      } catch (err) {
        if (!cancelled) setError((err as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [plan, headers]);

  const done = invoice?.state === "ACTIVATED" || invoice?.state === "EXPIRED";
  useEffect(() => {
    if (!invoice || done) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const poll = setInterval(() => {
      void fetch(`/api/payments/usdt/invoice/${invoice.invoice_id}`, { headers: headers(), cache: "no-store" })
        .then(async (res) => (res.ok ? setInvoice((await res.json()) as TInvoice) : undefined))
        .catch(() => undefined); // offline for a moment: the next tick tries again
    }, POLL_MS);
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [invoice?.invoice_id, done, headers]); // re-armed per invoice, not per poll answer

  if (error) return <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-200">{error}</p>;
  if (!invoice) return <p className="text-sm text-slate-400">Preparing your invoice…</p>;

  return (
    <section role="status" aria-live="polite" data-testid="invoice" className="flex flex-col gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4">
      {invoice.state === "ACTIVATED" ? (
        <>
          <h2 className="text-xl font-semibold text-emerald-400">✅ Payment Verified – Plan Activated</h2>
          <p>
            Your <strong>{invoice.plan}</strong> plan is active
            {invoice.valid_till && <> until <strong>{new Date(invoice.valid_till).toUTCString()}</strong></>}.
          </p>
          {invoice.paid_amount && <p className="text-sm text-slate-400">Received {invoice.paid_amount} USDT{invoice.overpaid_by ? ` (${invoice.overpaid_by} more than asked, recorded)` : ""}.</p>}
        </>
      ) : invoice.state === "EXPIRED" ? (
        <>
          <h2 className="text-lg font-semibold text-amber-300">This invoice has expired</h2>
          {invoice.reason && <p className="text-sm text-slate-300" data-testid="invoice-reason">{invoice.reason}</p>}
          <p className="text-sm text-slate-400">Reload the page for a new amount.</p>
        </>
      ) : (
        <>
          <h2 className="text-sm font-medium text-slate-300">2. Send exactly this amount — it identifies your payment</h2>
          <p className="text-2xl font-semibold">
            <span data-testid="invoice-amount">{invoice.amount}</span> USDT
          </p>
          <p className="text-sm text-slate-300">
            on <strong>TRON (TRC-20)</strong> to the address below. No transaction hash needed: this page updates by itself once the transfer is
            confirmed on chain.
          </p>
          <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
            {qr && <div className="w-40 shrink-0 rounded-md bg-white p-2" role="img" aria-label="QR code of the TRC-20 address" dangerouslySetInnerHTML={{ __html: qr }} />}
            <code data-testid="invoice-address" className="w-full break-all rounded-md bg-slate-950 px-3 py-2 font-mono text-sm">
              {invoice.address}
            </code>
          </div>
          <p className="text-sm" data-testid="countdown">
            {invoice.state === "GRACE" ? "Time is up; a transfer sent now is still accepted for a while." : <>Time left: <strong>{remaining(invoice.expires_at, now)}</strong></>}
          </p>
          <p className="flex items-center gap-2 text-sm text-amber-300">
            <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-amber-300" aria-hidden />
            Waiting for your transfer…
          </p>
          {invoice.reason && <p className="text-sm text-slate-400" data-testid="invoice-reason">{invoice.reason}</p>}
        </>
      )}
    </section>
  );
}
