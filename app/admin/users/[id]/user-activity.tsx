"use client";
// A user's page below the plan: the settings groups, the exchange connection (mode and when it was
// validated — never keys), and the user's positions, payments, risk events and notifications,
// each paged on the server.
import * as Tabs from "@radix-ui/react-tabs";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import type { RowData } from "@tanstack/react-table";
import { columnHelper, PagedTable, type TColumns } from "../../_components/data-table";
import { ErrorState, Loading, type TListQuery } from "../../_components/states";
import { useTRPC } from "../../_components/trpc-provider";
import { when } from "../../_lib/format";

type TOut = inferRouterOutputs<AppRouter>["users"];
const PER_PAGE = 10;

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.length ? v.map(show).join(", ") : "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}
const ACRONYMS: Record<string, string> = { usdt: "(USDT)", pct: "(%)", tp: "TP", tp1: "TP1", sl: "SL", dca: "DCA" };
const titleOf = (k: string) =>
  k
    .split("_")
    .map((w) => ACRONYMS[w] ?? w)
    .join(" ")
    .replace(/^\w/, (c) => c.toUpperCase());

function Setup({ id }: { id: number }) {
  const trpc = useTRPC();
  const setup = useQuery(trpc.users.setup.queryOptions({ id }));
  if (setup.isError) return <ErrorState error={setup.error} retry={() => void setup.refetch()} />;
  if (!setup.data) return <Loading what="settings" />;
  const { settings, exchange } = setup.data;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <div className="rounded-lg border border-slate-800 p-3" data-testid="user-exchange">
        <h3 className="mb-2 font-semibold">Exchange connection</h3>
        {exchange.connected ? (
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-400">Mode</dt>
            <dd>{exchange.mode}</dd>
            <dt className="text-slate-400">API key stored</dt>
            <dd>{exchange.has_api_key ? "yes (never shown)" : "no"}</dd>
            <dt className="text-slate-400">Validated</dt>
            <dd>{exchange.validated_at ? when(exchange.validated_at) : "not validated"}</dd>
            <dt className="text-slate-400">Leverage · margin</dt>
            <dd>
              {exchange.leverage_default}× · {exchange.margin_mode}
              {exchange.hedge_mode ? " · hedge" : ""}
            </dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-400">No exchange connected: copies run in paper.</p>
        )}
      </div>
      {(Object.entries(settings) as [string, Record<string, unknown>][]).map(([group, values]) => (
        <div key={group} className="rounded-lg border border-slate-800 p-3" data-testid={`user-settings-${group}`}>
          <h3 className="mb-2 font-semibold">{group === "dca" ? "DCA" : titleOf(group)} settings</h3>
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
            {Object.entries(values).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-400">{titleOf(k)}</dt>
                <dd className="break-words">{show(v)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}

type TPaged<R> = { rows: R[]; total: number };

/** One section's page of rows (the shared PagedTable); the section holds the page number and its query. */
function ActivityTable<R extends RowData>(p: { q: TListQuery<TPaged<R>>; page: number; setPage: (n: number) => void; what: string; columns: TColumns<R>; rowId: (r: R) => string; testId: string }) {
  return (
    <PagedTable
      query={p.q}
      rows={(d) => d.rows}
      what={p.what}
      empty={`No ${p.what} yet.`}
      caption={`The user's ${p.what}, newest first`}
      columns={p.columns}
      rowId={p.rowId}
      testId={p.testId}
      page={p.page}
      perPage={PER_PAGE}
      noun={p.what}
      onPage={p.setPage}
    />
  );
}

type TPos = TOut["positions"]["rows"][number];
const p = columnHelper<TPos>();
const positionColumns = [
  p.accessor("opened_at", { header: "Opened", cell: (c) => when(c.getValue()) }),
  p.accessor("symbol", { header: "Symbol" }),
  p.accessor("direction", { header: "Side" }),
  p.accessor("mode", { header: "Mode" }),
  p.accessor("status", { header: "Status" }),
  p.accessor("entry_price", { header: "Entry" }),
  p.accessor("notional", { header: "Notional" }),
  p.accessor("realized_pnl", { header: "Realized P&L" }),
  p.display({ id: "why", header: "Closed / failed", cell: (c) => c.row.original.close_reason ?? c.row.original.failure_reason ?? "—" }),
];
type TPay = TOut["payments"]["rows"][number];
const pay = columnHelper<TPay>();
const paymentColumns = [
  pay.accessor("created_at", { header: "Submitted", cell: (c) => when(c.getValue()) }),
  pay.accessor("plan", { header: "Plan" }),
  pay.display({ id: "amount", header: "Amount (USDT)", cell: (c) => `${c.row.original.paid_amount ?? "—"} paid / ${c.row.original.expected_amount} due` }),
  pay.accessor("status", { header: "Status" }),
  pay.accessor("reason", { header: "Reason", cell: (c) => c.getValue() ?? "—" }),
];
type TRisk = TOut["riskEvents"]["rows"][number];
const r = columnHelper<TRisk>();
const riskColumns = [
  r.accessor("created_at", { header: "When", cell: (c) => when(c.getValue()) }),
  r.accessor("kind", { header: "Kind" }),
  r.accessor("rule", { header: "Rule", cell: (c) => c.getValue() ?? "—" }),
  r.accessor("symbol", { header: "Symbol", cell: (c) => c.getValue() ?? "—" }),
  r.accessor("reason", { header: "Reason" }),
];
type TNote = TOut["notifications"]["rows"][number];
const n = columnHelper<TNote>();
const noteColumns = [
  n.accessor("created_at", { header: "Sent", cell: (c) => when(c.getValue()) }),
  n.accessor("title", { header: "Title" }),
  n.accessor("body", { header: "Text" }),
  n.accessor("read_at", { header: "Read", cell: (c) => when(c.getValue()) }),
];

function usePage() {
  const [page, setPage] = useState(1);
  return { page, setPage, input: { page, per_page: PER_PAGE }, keep: { placeholderData: keepPreviousData } };
}

function Positions({ id }: { id: number }) {
  const trpc = useTRPC();
  const { page, setPage, input, keep } = usePage();
  const q = useQuery({ ...trpc.users.positions.queryOptions({ id, ...input }), ...keep });
  return <ActivityTable q={q} page={page} setPage={setPage} what="positions" columns={positionColumns} rowId={(x) => x.id} testId="user-positions" />;
}

function Payments({ id }: { id: number }) {
  const trpc = useTRPC();
  const { page, setPage, input, keep } = usePage();
  const q = useQuery({ ...trpc.users.payments.queryOptions({ id, ...input }), ...keep });
  return <ActivityTable q={q} page={page} setPage={setPage} what="payments" columns={paymentColumns} rowId={(x) => x.id} testId="user-payments" />;
}

function RiskEvents({ id }: { id: number }) {
  const trpc = useTRPC();
  const { page, setPage, input, keep } = usePage();
  const q = useQuery({ ...trpc.users.riskEvents.queryOptions({ id, ...input }), ...keep });
  return <ActivityTable q={q} page={page} setPage={setPage} what="risk events" columns={riskColumns} rowId={(x) => String(x.id)} testId="user-risk-events" />;
}

function Notifications({ id }: { id: number }) {
  const trpc = useTRPC();
  const { page, setPage, input, keep } = usePage();
  const q = useQuery({ ...trpc.users.notifications.queryOptions({ id, ...input }), ...keep });
  return <ActivityTable q={q} page={page} setPage={setPage} what="notifications" columns={noteColumns} rowId={(x) => String(x.id)} testId="user-notifications" />;
}

export function UserActivity({ id }: { id: number }) {
  const tab = "px-4 py-2 text-sm border-b-2 border-transparent data-[state=active]:border-emerald-400 data-[state=active]:text-white text-slate-400";
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="setup" className="flex flex-col gap-3">
        <h2 id="setup" className="text-lg font-semibold">
          Settings and exchange
        </h2>
        <Setup id={id} />
      </section>
      <section aria-labelledby="activity" className="flex flex-col gap-3">
        <h2 id="activity" className="text-lg font-semibold">
          Activity
        </h2>
        <Tabs.Root defaultValue="positions">
          <Tabs.List aria-label="The user's activity" className="mb-4 flex flex-wrap gap-2 border-b border-slate-800">
            <Tabs.Trigger value="positions" className={tab}>Positions</Tabs.Trigger>
            <Tabs.Trigger value="payments" className={tab}>Payments</Tabs.Trigger>
            <Tabs.Trigger value="risk" className={tab}>Risk events</Tabs.Trigger>
            <Tabs.Trigger value="notifications" className={tab}>Notifications</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="positions"><Positions id={id} /></Tabs.Content>
          <Tabs.Content value="payments"><Payments id={id} /></Tabs.Content>
          <Tabs.Content value="risk"><RiskEvents id={id} /></Tabs.Content>
          <Tabs.Content value="notifications"><Notifications id={id} /></Tabs.Content>
        </Tabs.Root>
      </section>
    </div>
  );
}
