"use client";
// Every signal, newest first, filtered on the server; new ones arrive through the live feed.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/trpc/root";
import { columnHelper, PagedTable } from "../../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../../_components/filters";
import { useTRPC } from "../../_components/trpc-provider";
import { pct, when } from "../../_lib/format";

export type TSignalsPage = inferRouterOutputs<AppRouter>["signals"]["list"];
type TRow = TSignalsPage["signals"][number];

const STATUSES = ["OPEN", "TP_PARTIAL", "HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"] as const;
const SOURCES = ["ADMIN", "API", "WEBHOOK", "TELEGRAM"] as const;
const PER_PAGE = 20;

const h = columnHelper<TRow>();
const columns = [
  h.accessor("created_at", { header: "Created", cell: (c) => when(c.getValue()) }),
  h.accessor("symbol", { header: "Symbol", cell: (c) => <Link href={`/admin/signals/${c.row.original.id}`} className="font-medium text-emerald-300 underline">{c.getValue()}</Link> }),
  h.accessor("direction", { header: "Direction" }),
  h.accessor("entry", { header: "Entry" }),
  h.accessor("stop_loss", { header: "Stop loss" }),
  h.display({ id: "targets", header: "Targets hit", cell: (c) => `${c.row.original.targets_hit} / ${c.row.original.targets_count}` }),
  h.accessor("status", { header: "Status", cell: (c) => <span data-testid="signal-status">{c.getValue()}</span> }),
  h.accessor("realized_profit_pct", { header: "Profit", cell: (c) => pct(c.getValue()) }),
  h.accessor("source", { header: "Source" }),
  h.display({ id: "copies", header: "Copies", cell: (c) => `${c.row.original.copies.opened} opened · ${c.row.original.copies.skipped_or_failed} not` }),
];

export function SignalsList({ initial }: { initial: TSignalsPage }) {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<{ status?: (typeof STATUSES)[number]; source?: (typeof SOURCES)[number]; symbol?: string }>();
  const input = { ...filters, page, per_page: PER_PAGE };
  const isDefault = page === 1 && !filters.status && !filters.source && !filters.symbol;
  const list = useQuery({ ...trpc.signals.list.queryOptions(input), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });

  return (
    <section aria-labelledby="signals-list" className="flex flex-col gap-3">
      <h2 id="signals-list" className="text-lg font-semibold">
        Signals
      </h2>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterSelect label="Status" any="Any status" options={STATUSES} value={filters.status} onChange={(status) => update({ status })} />
        <FilterText label="Symbol filter" placeholder="e.g. BTCUSDT" value={filters.symbol} onChange={(symbol) => update({ symbol })} />
        <FilterSelect label="Source" any="Any source" options={SOURCES} value={filters.source} onChange={(source) => update({ source })} />
      </div>
      <PagedTable
        query={list}
        rows={(d) => d.signals}
        what="signals"
        empty={isDefault ? "No signal has been posted yet." : "No signal matches these filters."}
        caption="Signals, newest first"
        columns={columns}
        rowId={(r) => r.id}
        testId="signals-table"
        page={page}
        perPage={PER_PAGE}
        noun="signals"
        onPage={setPage}
      />
    </section>
  );
}
