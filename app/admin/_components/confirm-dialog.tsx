"use client";
// Every operator action that changes something is confirmed here (Radix dialog: focus trap,
// Escape closes, focus returns to the button that opened it). With `reasonLabel` the action needs
// a reason, typed into a labelled field.
import * as Dialog from "@radix-ui/react-dialog";
import { useId, useState, type ReactNode } from "react";
import { buttonClass, dangerButtonClass, inputClass, primaryButtonClass } from "./states";

type TProps = {
  /** The button that opens the dialog: its text says what it does. */
  trigger: string;
  triggerClassName?: string;
  title: string;
  description: ReactNode;
  confirm: string;
  danger?: boolean;
  reasonLabel?: string;
  reasonRequired?: boolean;
  disabled?: boolean;
  pending?: boolean;
  onConfirm: (reason: string) => Promise<unknown>;
};

export function ConfirmDialog(p: TProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const blocked = p.pending || (p.reasonRequired && reason.trim() === "");
  const submit = async () => {
    setError(null);
    try {
      await p.onConfirm(reason.trim());
      setOpen(false);
      setReason("");
    } catch (err) {
      setError(err instanceof Error ? err.message : "The action failed");
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={(o) => (setOpen(o), setError(null))}>
      <Dialog.Trigger className={p.triggerClassName ?? buttonClass} disabled={p.disabled}>
        {p.trigger}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-4 rounded-lg border border-slate-700 bg-slate-900 p-6 text-slate-100 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{p.title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="text-sm text-slate-300">{p.description}</div>
          </Dialog.Description>
          <form
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (!blocked) void submit();
            }}
          >
            {p.reasonLabel && (
              <label htmlFor={id} className="flex flex-col gap-1 text-sm">
                {p.reasonLabel}
                <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} className={inputClass} required={p.reasonRequired} />
              </label>
            )}
            {error && (
              <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-100">
                {error}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Dialog.Close className={buttonClass} type="button">
                Cancel
              </Dialog.Close>
              <button type="submit" disabled={blocked} className={p.danger ? dangerButtonClass : primaryButtonClass}>
                {p.pending ? "Working…" : p.confirm}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
