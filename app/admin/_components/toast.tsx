"use client";
// Outcomes of the operator's actions, announced in a live region (Radix toast).
import * as Toast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type TToast = { id: number; title: string; tone: "ok" | "error" };
const ToastContext = createContext<(title: string, tone?: TToast["tone"]) => void>(() => undefined);

export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<TToast[]>([]);
  const show = useCallback((title: string, tone: TToast["tone"] = "ok") => setToasts((t) => [...t, { id: Date.now() + Math.random(), title, tone }]), []);
  return (
    <Toast.Provider swipeDirection="right" duration={6000}>
      <ToastContext.Provider value={show}>{children}</ToastContext.Provider>
      {toasts.map((t) => (
        <Toast.Root
          key={t.id}
          onOpenChange={(open) => !open && setToasts((all) => all.filter((x) => x.id !== t.id))}
          className={`flex items-start justify-between gap-3 rounded-md border px-4 py-3 text-sm shadow-lg ${t.tone === "ok" ? "border-emerald-700 bg-emerald-950 text-emerald-100" : "border-rose-700 bg-rose-950 text-rose-100"}`}
        >
          <Toast.Title>{t.title}</Toast.Title>
          <Toast.Close className="rounded px-1 text-xs underline" aria-label="Dismiss notification">
            Dismiss
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="fixed bottom-4 right-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </Toast.Provider>
  );
}
