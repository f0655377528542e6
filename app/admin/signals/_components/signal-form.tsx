"use client";
// Post a signal: the server's schema checks the prices as the operator types (signal-form.ts),
// the server's formatter shows the exact VIP and TRIAL texts before sending (signals.preview).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useId, useMemo, useState, type ReactNode } from "react";
import { buttonClass, inputClass, primaryButtonClass } from "../../_components/states";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_components/trpc-provider";
import { checkSignalForm, EMPTY_FORM, MAX_TARGETS, visibleErrors, type TRawSignal, type TSignalForm } from "../_lib/signal-form";

function Field(props: { label: string; error?: string; children: (id: string, describedBy: string | undefined) => ReactNode; className?: string }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`flex flex-col gap-1 text-sm ${props.className ?? ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, props.error ? errorId : undefined)}
      {props.error && (
        <p id={errorId} className="text-xs text-rose-300">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Another way to send the form's signal (the review queue sends it as the reviewed post's). */
export type TSignalSend = { label: string; mutate: (raw: TRawSignal) => void; isPending: boolean; error: { message: string } | null };

export function SignalForm({ initial = EMPTY_FORM, title = "Post a signal", send }: { initial?: TSignalForm; title?: string; send?: TSignalSend } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<TSignalForm>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const check = useMemo(() => checkSignalForm(form), [form]);
  const errors = visibleErrors(check.errors, touched, submitted);
  const deferred = useDeferredValue(check);
  const preview = useQuery({ ...trpc.signals.preview.queryOptions(deferred.raw), enabled: deferred.ok, staleTime: Infinity });
  const create = useMutation(
    trpc.signals.create.mutationOptions({
      onSuccess: async (res) => {
        toast(`Signal posted: ${res.signal.symbol} ${res.signal.direction}`);
        setForm(EMPTY_FORM);
        setTouched(new Set());
        setSubmitted(false);
        await queryClient.invalidateQueries({ queryKey: trpc.signals.list.pathKey() });
      },
    }),
  );

  const action: TSignalSend = send ?? { label: "Send the signal to Telegram and the app", mutate: create.mutate, isPending: create.isPending, error: create.error };

  const set = (field: string, patch: Partial<TSignalForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set(t).add(field));
  };
  const setTarget = (i: number, value: string) => set(`targets.${i}`, { targets: form.targets.map((t, j) => (j === i ? value : t)) });
  const aria = (describedBy: string | undefined) => ({ "aria-invalid": describedBy ? true : undefined, "aria-describedby": describedBy });

  return (
    <section aria-labelledby="post-signal" className="rounded-lg border border-slate-800 bg-slate-900/40 p-4">
      <h2 id="post-signal" className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_22rem]">
        <form
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setSubmitted(true);
            if (check.ok) action.mutate(check.raw);
          }}
        >
          <div className="grid grid-cols-3 gap-4">
            <Field label="Symbol" error={errors.symbol}>
              {(id, d) => <input id={id} value={form.symbol} onChange={(e) => set("symbol", { symbol: e.target.value })} placeholder="BTCUSDT" autoComplete="off" className={inputClass} {...aria(d)} />}
            </Field>
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1">Direction</legend>
              <div className="flex gap-4 py-2">
                {(["LONG", "SHORT"] as const).map((d) => (
                  <label key={d} className="flex items-center gap-2">
                    <input type="radio" name="direction" value={d} checked={form.direction === d} onChange={() => set("direction", { direction: d })} />
                    {d === "LONG" ? "Long" : "Short"}
                  </label>
                ))}
              </div>
            </fieldset>
            <Field label="Leverage" error={errors.leverage}>
              {(id, d) => <input id={id} inputMode="numeric" value={form.leverage} onChange={(e) => set("leverage", { leverage: e.target.value })} className={inputClass} {...aria(d)} />}
            </Field>
          </div>

          <div className="grid grid-cols-3 gap-4">
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1">Entry type</legend>
              <div className="flex gap-4 py-2">
                <label className="flex items-center gap-2">
                  <input type="radio" name="entryMode" checked={form.entryMode === "price"} onChange={() => set("entryMode", { entryMode: "price" })} />
                  Price
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="entryMode" checked={form.entryMode === "zone"} onChange={() => set("entryMode", { entryMode: "zone" })} />
                  Zone
                </label>
              </div>
            </fieldset>
            <Field label={form.entryMode === "zone" ? "Entry from" : "Entry"} error={errors.entry}>
              {(id, d) => <input id={id} inputMode="decimal" value={form.entry} onChange={(e) => set("entry", { entry: e.target.value })} className={inputClass} {...aria(d)} />}
            </Field>
            {form.entryMode === "zone" && (
              <Field label="Entry to" error={errors.entryHigh}>
                {(id, d) => <input id={id} inputMode="decimal" value={form.entryHigh} onChange={(e) => set("entryHigh", { entryHigh: e.target.value })} className={inputClass} {...aria(d)} />}
              </Field>
            )}
          </div>

          <fieldset className="flex flex-col gap-2 text-sm">
            <legend className="mb-1">Targets (1 to {MAX_TARGETS})</legend>
            <div className="grid grid-cols-5 gap-3">
              {form.targets.map((t, i) => (
                <Field key={i} label={`Target ${i + 1}`} error={errors[`targets.${i}`]}>
                  {(id, d) => <input id={id} inputMode="decimal" value={t} onChange={(e) => setTarget(i, e.target.value)} className={inputClass} {...aria(d)} />}
                </Field>
              ))}
            </div>
            {errors.targets && <p className="text-xs text-rose-300">{errors.targets}</p>}
            <div className="flex gap-2">
              <button type="button" className={buttonClass} disabled={form.targets.length >= MAX_TARGETS} onClick={() => setForm((f) => ({ ...f, targets: [...f.targets, ""] }))}>
                Add a target
              </button>
              <button type="button" className={buttonClass} disabled={form.targets.length <= 1} onClick={() => setForm((f) => ({ ...f, targets: f.targets.slice(0, -1) }))}>
                Remove the last target
              </button>
            </div>
          </fieldset>

          <div className="grid grid-cols-3 gap-4">
            <Field label="Stop loss" error={errors.stopLoss}>
              {(id, d) => <input id={id} inputMode="decimal" value={form.stopLoss} onChange={(e) => set("stopLoss", { stopLoss: e.target.value })} className={inputClass} {...aria(d)} />}
            </Field>
            <Field label="Confidence" error={errors.confidence}>
              {(id, d) => (
                <select id={id} value={form.confidence} onChange={(e) => set("confidence", { confidence: e.target.value as TSignalForm["confidence"] })} className={inputClass} {...aria(d)}>
                  <option value="">Not given</option>
                  <option value="Low">Low</option>
                  <option value="Medium">Medium</option>
                  <option value="High">High</option>
                </select>
              )}
            </Field>
          </div>

          {action.error && (
            <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-100">
              {action.error.message}
            </p>
          )}
          <div>
            <button type="submit" className={primaryButtonClass} disabled={action.isPending || (submitted && !check.ok)}>
              {action.isPending ? "Sending…" : action.label}
            </button>
          </div>
        </form>

        <aside aria-label="Telegram preview" className="flex flex-col gap-3 text-sm">
          <h3 className="font-semibold">What Telegram will get</h3>
          <p className="text-xs text-slate-400">The exact texts, in Telegram&apos;s HTML: &lt;b&gt;…&lt;/b&gt; shows in bold.</p>
          {!check.ok ? (
            <p className="text-slate-400">The preview appears once the signal is complete and its prices are in order.</p>
          ) : preview.isError ? (
            <p role="alert" className="text-rose-300">
              {preview.error.message}
            </p>
          ) : !preview.data ? (
            <p role="status" className="text-slate-400">
              Loading the preview…
            </p>
          ) : (
            <>
              <div>
                <p className="mb-1 text-xs uppercase tracking-wide text-slate-400">VIP group</p>
                <pre data-testid="preview-vip" className="whitespace-pre-wrap break-words rounded-md border border-slate-700 bg-slate-950 p-3 font-mono text-xs">
                  {preview.data.vip}
                </pre>
              </div>
              <div>
                <p className="mb-1 text-xs uppercase tracking-wide text-slate-400">TRIAL group</p>
                <pre data-testid="preview-trial" className="whitespace-pre-wrap break-words rounded-md border border-slate-700 bg-slate-950 p-3 font-mono text-xs">
                  {preview.data.trial}
                </pre>
              </div>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
