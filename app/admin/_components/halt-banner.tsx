"use client";
// The kill switch's state on every screen: a red HALTED banner while it is on, a quiet "Trading
// running" otherwise. Painted from the server's value, then kept current by the live stream's
// `safety` event (an admin's toggle anywhere, the circuit breaker); it polls only while the stream is down.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLiveFallback } from "./live-updates";
import { useTRPC } from "./trpc-provider";

export type TSafetyWidget = { kill_switch: boolean; today_dd_pct: string; today_trades: number; blocks: number; max_dd_limit: number; timestamp: string };

function useSafetyWidget(initial: TSafetyWidget | null) {
  const trpc = useTRPC();
  const fallback = useLiveFallback(15_000);
  return useQuery({ ...trpc.safety.widget.queryOptions(), initialData: initial ?? undefined, refetchInterval: fallback, staleTime: 5_000 });
}

export function HaltBanner({ initial }: { initial: TSafetyWidget | null }) {
  const widget = useSafetyWidget(initial);
  if (!widget.data?.kill_switch) return null;
  return (
    <div role="alert" data-testid="halt-banner" className="flex flex-wrap items-center justify-between gap-2 border-b border-rose-700 bg-rose-900 px-6 py-2 text-sm text-rose-50">
      <span>
        <strong className="font-bold tracking-wide">HALTED</strong> — the kill switch is on: the auto-trader opens no new copies.
      </span>
      <Link href="/admin/risk" className="underline">
        Open Risk &amp; safety
      </Link>
    </div>
  );
}

export function TradingState({ initial }: { initial: TSafetyWidget | null }) {
  const widget = useSafetyWidget(initial);
  if (widget.isError) return <span className="text-xs text-amber-300">Trading state unknown</span>;
  if (!widget.data) return null;
  return widget.data.kill_switch ? (
    <span data-testid="trading-state" className="text-xs font-semibold text-rose-300">
      Trading halted
    </span>
  ) : (
    <span data-testid="trading-state" className="text-xs text-emerald-300">
      Trading running
    </span>
  );
}
