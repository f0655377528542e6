"use client";
// The interactive part of the payment page: plan choice, the address to pay (copy button, QR),
// the hash form that POSTs /api/payments/usdt/initiate, and the status view that polls
// GET /api/payments/:id (the id is the capability; no token needed) until the payment is decided.
import { useState } from "react";
import { InvoicePanel } from "./invoice-panel";
import { PaymentStatus, type TStatus } from "./payment-status";

type TPlan = { plan: "VIP" | "PREMIUM"; price_usdt: string; days: number; features: string[] };

type TProps = {
  plans: TPlan[];
  address: string | null;
  qrSvg: string | null;
  initialEmail: string;
  initialPlan: "VIP" | "PREMIUM";
  initialPaymentId: string | null;
  apiKey: string | null;
  /** The app user's access token: then the page shows their invoice (no hash needed). */
  token: string | null;
};

export function PaymentForm({ plans, address, qrSvg, initialEmail, initialPlan, initialPaymentId, apiKey, token }: TProps) {
  const [plan, setPlan] = useState(initialPlan);
  const [email, setEmail] = useState(initialEmail);
  const [hash, setHash] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [payment, setPayment] = useState<{ id: string; initial: TStatus | null } | null>(initialPaymentId ? { id: initialPaymentId, initial: null } : null);
  const chosen = plans.find((p) => p.plan === plan) ?? plans[0]!;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/payments/usdt/initiate", {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}) },
        body: JSON.stringify({ email, plan, tx_hash: hash, network: "TRC20" }),
      });
      const body = (await res.json()) as { payment?: TStatus; message?: string };
      if (res.status !== 201 || !body.payment) throw new Error(body.message ?? `The server answered ${res.status}`);
      setPayment({ id: body.payment.id, initial: body.payment });
      // A reload (or a shared link) keeps showing this payment's status.
      const url = new URL(window.location.href);
      url.searchParams.set("payment", body.payment.id);
      window.history.replaceState(null, "", url);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (payment) return <PaymentStatus id={payment.id} initial={payment.initial} onNew={() => (setPayment(null), setHash(""))} />;

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-6">
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium text-slate-300">1. Choose a plan</legend>
        {plans.map((p) => (
          <label
            key={p.plan}
            className={`flex cursor-pointer flex-col gap-1 rounded-lg border p-4 ${p.plan === plan ? "border-emerald-500 bg-emerald-950/40" : "border-slate-800 bg-slate-900"}`}
          >
            <span className="flex items-center gap-2">
              <input type="radio" name="plan" value={p.plan} checked={p.plan === plan} onChange={() => setPlan(p.plan)} className="accent-emerald-500" />
              <span className="font-semibold">{p.plan}</span>
              <span className="ml-auto text-lg font-semibold" data-testid={`price-${p.plan.toLowerCase()}`}>
                {p.price_usdt} USDT
              </span>
            </span>
            <span className="text-xs text-slate-400">{p.days} days · {p.features.join(" · ")}</span>
          </label>
        ))}
      </fieldset>

      {token && address ? (
        <InvoicePanel plan={plan} token={token} apiKey={apiKey} />
      ) : (
      <section className="flex flex-col gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4">
        <h2 className="text-sm font-medium text-slate-300">2. Send the exact amount</h2>
        <p className="text-lg">
          Send <strong data-testid="amount">{chosen.price_usdt} USDT</strong> on <strong>TRON (TRC-20)</strong> to:
        </p>
        {address ? (
          <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
            {qrSvg && <div className="w-40 shrink-0 rounded-md bg-white p-2" role="img" aria-label="QR code of the TRC-20 address" dangerouslySetInnerHTML={{ __html: qrSvg }} />}
            <div className="flex w-full flex-col gap-2">
              <code data-testid="address" className="break-all rounded-md bg-slate-950 px-3 py-2 font-mono text-sm">
                {address}
              </code>
              <CopyButton text={address} />
              <p className="text-xs text-amber-300">Only USDT on the TRON network. Other tokens or networks are lost and cannot be refunded.</p>
            </div>
          </div>
        ) : (
          <p role="alert" className="text-sm text-amber-300">USDT payments are not configured yet. Please contact support.</p>
        )}
      </section>
      )}

      <section className="flex flex-col gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4">
        <h2 className="text-sm font-medium text-slate-300">{token ? "Paid another way? Tell us the transaction" : "3. Tell us the transaction"}</h2>
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" className="rounded-md border border-slate-700 bg-slate-950 px-3 py-2 text-base" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Transaction hash
          <input
            required
            value={hash}
            onChange={(e) => setHash(e.target.value)}
            placeholder="64 hexadecimal characters (TxID)"
            autoComplete="off"
            spellCheck={false}
            pattern="\s*(0[xX])?[0-9a-fA-F]{64}\s*"
            title="The TRON transaction id: 64 hexadecimal characters"
            className="rounded-md border border-slate-700 bg-slate-950 px-3 py-2 font-mono text-sm"
          />
        </label>
        {error && (
          <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-200">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !address} className="rounded-md bg-emerald-500 px-4 py-3 font-medium text-slate-950 hover:bg-emerald-400 disabled:opacity-50">
          {busy ? "Submitting…" : "Submit payment"}
        </button>
      </section>
    </form>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Older browsers and non-secure origins: select-and-copy through a temporary field.
      const field = Object.assign(document.createElement("textarea"), { value: text });
      document.body.append(field);
      field.select();
      document.execCommand("copy");
      field.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button type="button" onClick={() => void copy()} className="self-start rounded-md border border-slate-700 px-3 py-1.5 text-sm hover:bg-slate-800">
      {copied ? "Copied ✓" : "Copy address"}
    </button>
  );
}
