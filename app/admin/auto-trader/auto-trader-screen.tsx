"use client";
// The auto-trader: every user's open copies, paper and live, unprotected live positions first;
// the exposure per symbol; and closing a position for a user (confirmed, with a reason, audited —
// the same close service as the app's).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, DataTable, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { useLiveFallback } from "../_components/live-updates";
import { dangerButtonClass, ListStates } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

type TOutputs = inferRouterOutputs<AppRouter>["autoTrader"];
type TPosition = TOutputs["positions"]["positions"][number];
type TExposure = TOutputs["exposure"]["symbols"][number];
type TFilters = { mode?: "paper" | "live"; symbol?: string; user?: string; unprotected?: boolean };
const PER_PAGE = 25;
const signed = (v: string | null) => (v === null ? "—" : `${Number(v) > 0 ? "+" : ""}${Number(v).toFixed(2)}`);

function ClosePosition({ p }: { p: TPosition }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const close = useMutation(
    trpc.autoTrader.close.mutationOptions({
      onSuccess: async (r) => {
        toast(`Closed ${p.symbol} for ${p.owner.username}: P&L ${r.close.realizedPnl} USDT`);
        await queryClient.invalidateQueries({ queryKey: trpc.autoTrader.pathKey() });
      },
    }),
  );
  return (
    <ConfirmDialog
      trigger="Close…"
      triggerClassName={dangerButtonClass.replace("px-4 py-2", "px-3 py-1")}
      title={`Close ${p.owner.username}'s ${p.symbol} ${p.direction}?`}
      description={
        <>
          The rest ({p.remaining_qty}) closes at market {p.live ? "on the exchange" : "in paper"} and its resting orders are cancelled. The user is told as for any
          close; the audit log keeps your reason.
        </>
      }
      reasonLabel="Reason (kept in the audit log)"
      reasonRequired
      confirm="Close the position"
      danger
      pending={close.isPending}
      onConfirm={(reason) => close.mutateAsync({ position_id: p.id, reason })}
    />
  );
}

const h = columnHelper<TPosition>();
const columns = [
  h.display({
    id: "user",
    header: "User",
    cell: (c) => (
      <Link href={`/admin/users/${c.row.original.user_id}`} className="text-emerald-300 underline">
        {c.row.original.owner.username}
      </Link>
    ),
  }),
  h.accessor("symbol", {
    header: "Symbol",
    cell: (c) => (
      <>
        <span className="font-medium">{c.getValue()}</span>
        <span className="block text-xs text-slate-400">
          {c.row.original.direction} · {c.row.original.leverage}×
        </span>
      </>
    ),
  }),
  h.display({
    id: "mode",
    header: "Mode",
    cell: (c) =>
      c.row.original.live ? (
        <>
          <span className="text-amber-200">{c.row.original.mode}</span>
          {c.row.original.protected ? (
            <span className="block text-xs text-slate-400">stop + TPs on exchange</span>
          ) : (
            <span className="mt-1 block w-fit rounded bg-rose-900 px-1.5 py-0.5 text-xs font-semibold text-rose-100" data-testid="position-unprotected">
              UNPROTECTED
            </span>
          )}
        </>
      ) : (
        c.row.original.mode
      ),
  }),
  h.accessor("entry_price", { header: "Entry" }),
  h.display({ id: "qty", header: "Open qty", cell: (c) => `${c.row.original.remaining_qty} / ${c.row.original.qty}` }),
  h.accessor("notional", { header: "Notional" }),
  h.accessor("unrealized_pnl", { header: "Unrealized", cell: (c) => signed(c.getValue()) }),
  h.accessor("opened_at", { header: "Opened", cell: (c) => when(c.getValue()) }),
  h.display({ id: "close", header: "Action", cell: (c) => <ClosePosition p={c.row.original} /> }),
];

const e = columnHelper<TExposure>();
const exposureColumns = [
  e.accessor("symbol", { header: "Symbol", cell: (c) => <span className="font-medium">{c.getValue()}</span> }),
  e.accessor("mode", { header: "Mode" }),
  e.display({ id: "positions", header: "Positions", cell: (c) => `${c.row.original.positions} (${c.row.original.longs} long · ${c.row.original.shorts} short)` }),
  e.accessor("long_notional", { header: "Long USDT" }),
  e.accessor("short_notional", { header: "Short USDT" }),
  e.accessor("net_notional", { header: "Net USDT", cell: (c) => signed(c.getValue()) }),
  e.accessor("margin", { header: "Margin USDT" }),
  e.accessor("unprotected", { header: "Unprotected", cell: (c) => (c.getValue() > 0 ? <span className="font-semibold text-rose-300">{c.getValue()}</span> : "0") }),
];

function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex items-center gap-2 pb-2">
      <input id={id} type="checkbox" checked={checked} onChange={(ev) => onChange(ev.target.checked)} />
      {label}
    </label>
  );
}

export function AutoTraderScreen({ initial }: { initial: { positions: TOutputs["positions"]; exposure: TOutputs["exposure"] } }) {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<TFilters>();
  // Opened, closed and (un)protected positions arrive over the live stream (`positions`); this
  // poll only runs while it is down.
  const refetchInterval = useLiveFallback(30_000);
  const isDefault = page === 1 && !filters.mode && !filters.symbol && !filters.user && !filters.unprotected;
  const positions = useQuery({
    ...trpc.autoTrader.positions.queryOptions({ ...filters, page, per_page: PER_PAGE }),
    initialData: isDefault ? initial.positions : undefined,
    initialDataUpdatedAt: 0,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const exposure = useQuery({ ...trpc.autoTrader.exposure.queryOptions(), initialData: initial.exposure, initialDataUpdatedAt: 0, refetchInterval });
  const unprotected = positions.data?.unprotected_live ?? initial.positions.unprotected_live;
  return (
    <div className="flex flex-col gap-8">
      {unprotected > 0 && (
        <p role="alert" className="rounded-md border border-rose-700 bg-rose-950 px-3 py-2 text-sm text-rose-100" data-testid="unprotected-alert">
          {unprotected} live position{unprotected === 1 ? " has" : "s have"} no stop or take-profit resting on the exchange. They are listed first.
        </p>
      )}
      <section aria-labelledby="copies" className="flex flex-col gap-3">
        <h2 id="copies" className="text-lg font-semibold">
          Open copies
        </h2>
        <div className="flex flex-wrap items-end gap-4 text-sm">
          <FilterSelect label="Mode" any="Paper and live" options={["paper", "live"] as const} value={filters.mode} onChange={(mode) => update({ mode })} />
          <FilterText label="Symbol" placeholder="e.g. BTCUSDT" value={filters.symbol} onChange={(symbol) => update({ symbol })} />
          <FilterText label="User" search placeholder="email or username" value={filters.user} onChange={(user) => update({ user })} />
          <Checkbox label="Only unprotected live" checked={!!filters.unprotected} onChange={(v) => update({ unprotected: v || undefined })} />
        </div>
        <PagedTable
          query={positions}
          rows={(d) => d.positions}
          what="open positions"
          empty={isDefault ? "No copy is open right now." : "No open position matches these filters."}
          caption="Open positions of every user, unprotected live first"
          columns={columns}
          rowId={(r) => r.id}
          testId="open-positions"
          page={page}
          perPage={PER_PAGE}
          noun="open positions"
          onPage={setPage}
        />
      </section>
      <section aria-labelledby="exposure" className="flex flex-col gap-3">
        <h2 id="exposure" className="text-lg font-semibold">
          Exposure per symbol
        </h2>
        <p className="text-sm text-slate-400">What is still open (a partly closed copy counts its remainder), live first, largest first.</p>
        <ListStates query={exposure} what="the exposure" isEmpty={(d) => d.symbols.length === 0} empty="Nothing is open.">
          {(d) => <DataTable caption="Open exposure per symbol" columns={exposureColumns} data={d.symbols} rowId={(r) => `${r.symbol}-${r.mode}`} testId="exposure-table" />}
        </ListStates>
      </section>
    </div>
  );
}
