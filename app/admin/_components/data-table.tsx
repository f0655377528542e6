"use client";
// The dashboard's lists: TanStack Table (headless) for the column model, our markup for the rest.
// Paging, filtering and ordering happen on the server (the services); the table only renders.
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { buttonClass, ListStates, type TListQuery } from "./states";

export const features = tableFeatures({});
export const columnHelper = <T extends RowData>() => createColumnHelper<typeof features, T>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a column list mixes value types
export type TColumns<T extends RowData> = ColumnDef<typeof features, T, any>[];

export function DataTable<T extends RowData>(props: { caption: string; columns: TColumns<T>; data: T[]; rowId: (row: T) => string; testId?: string }) {
  const table = useTable({ features, columns: props.columns, data: props.data, getRowId: props.rowId });
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-800">
      <table className="w-full text-left text-sm" data-testid={props.testId}>
        <caption className="sr-only">{props.caption}</caption>
        <thead className="bg-slate-900 text-xs uppercase tracking-wide text-slate-400">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-3 py-2 font-medium">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-800">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-900/60">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2 align-top">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Server-side pages: "Page 2 of 7 · 131 payments" with previous / next. */
export function Pager(props: { page: number; perPage: number; total: number; noun: string; onPage: (page: number) => void; children?: ReactNode }) {
  const pages = Math.max(1, Math.ceil(props.total / props.perPage));
  return (
    <nav aria-label={`${props.noun} pages`} className="mt-3 flex items-center justify-between text-sm text-slate-400">
      <span>
        Page {props.page} of {pages} · {props.total} {props.noun}
      </span>
      <span className="flex gap-2">
        <button type="button" className={buttonClass} disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
          Previous page
        </button>
        <button type="button" className={buttonClass} disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
          Next page
        </button>
      </span>
    </nav>
  );
}

/**
 * A server-paged list: the query's error (with retry), loading and empty states, then the table
 * and its pager. `rows` picks the page's rows out of the answer; the answer carries `total`.
 */
export function PagedTable<D extends { total: number }, T extends RowData>(props: {
  query: TListQuery<D>;
  rows: (data: D) => T[];
  /** Loading and error wording: "Loading {what}…". */
  what: string;
  empty: ReactNode;
  caption: string;
  columns: TColumns<T>;
  rowId: (row: T) => string;
  testId?: string;
  page: number;
  perPage: number;
  /** The pager's count: "Page 1 of 3 · 52 {noun}". */
  noun: string;
  onPage: (page: number) => void;
}) {
  return (
    <ListStates query={props.query} what={props.what} isEmpty={(d) => props.rows(d).length === 0} empty={props.empty}>
      {(d) => (
        <>
          <DataTable caption={props.caption} columns={props.columns} data={props.rows(d)} rowId={props.rowId} testId={props.testId} />
          <Pager page={props.page} perPage={props.perPage} total={d.total} noun={props.noun} onPage={props.onPage} />
        </>
      )}
    </ListStates>
  );
}
