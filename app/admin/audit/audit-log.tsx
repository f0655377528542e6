"use client";
// The audit log: every admin action with who, when, what, and the state before and after; filtered
// and paged on the server (server/analytics/audit-log.ts).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useId } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { columnHelper, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { inputClass } from "../_components/states";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";
import { ChangeFields, JsonFields } from "./json-fields";

export type TAuditPage = inferRouterOutputs<AppRouter>["audit"]["list"];
type TRow = TAuditPage["events"][number];
type TFilters = { action?: string; actor?: string; target?: string; from?: string; to?: string };
const PER_PAGE = 25;

const h = columnHelper<TRow>();
const columns = [
  h.accessor("created_at", {
    header: "When · who",
    cell: (c) => (
      <>
        <span className="whitespace-nowrap">{when(c.getValue())}</span>
        <span className="block max-w-44 break-words text-xs text-slate-300">{c.row.original.actor?.email ?? "system"}</span>
      </>
    ),
  }),
  h.accessor("action", {
    header: "What",
    cell: (c) => (
      <>
        <code className="text-xs" data-testid="audit-action">
          {c.getValue()}
        </code>
        <code className="block max-w-56 break-all text-xs text-slate-400">{c.row.original.target ?? "—"}</code>
      </>
    ),
  }),
  h.display({ id: "change", header: "Before → after", cell: (c) => <ChangeFields before={c.row.original.before} after={c.row.original.after} /> }),
  h.accessor("details", { header: "Details", cell: (c) => <JsonFields value={c.getValue()} testId="audit-details" /> }),
];

/** A date picked in the browser → the start of that UTC day (from) or of the next one (to). */
const dayStart = (day: string | undefined, plusDays = 0) => (day ? new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000).toISOString() : undefined);

function DateFilter({ label, value, onChange }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void }) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex flex-col gap-1">
      {label}
      <input id={id} type="date" className={inputClass} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} />
    </label>
  );
}

export function AuditLog({ initial }: { initial: TAuditPage }) {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<TFilters>();
  const isDefault = page === 1 && Object.values(filters).every((v) => v === undefined);
  const input = { action: filters.action, actor: filters.actor, target: filters.target, from: dayStart(filters.from), to: dayStart(filters.to, 1), page, per_page: PER_PAGE };
  const list = useQuery({ ...trpc.audit.list.queryOptions(input), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterSelect label="Action" any="Any action" options={initial.actions} value={filters.action} onChange={(action) => update({ action })} />
        <FilterText label="Admin" placeholder="part of the email" value={filters.actor} onChange={(actor) => update({ actor })} />
        <FilterText label="Target" placeholder="e.g. user:12" value={filters.target} onChange={(target) => update({ target })} />
        <DateFilter label="From (UTC day)" value={filters.from} onChange={(from) => update({ from })} />
        <DateFilter label="To (UTC day)" value={filters.to} onChange={(to) => update({ to })} />
      </div>
      <PagedTable
        query={list}
        rows={(d) => d.events}
        what="the audit log"
        empty={isDefault ? "No admin action has been recorded yet." : "No entry matches these filters."}
        caption="Admin actions, newest first"
        columns={columns}
        rowId={(r) => String(r.id)}
        testId="audit-table"
        page={page}
        perPage={PER_PAGE}
        noun="entries"
        onPage={setPage}
      />
    </div>
  );
}
