"use client";
// Payments: the pending queue first (each payment's check state, reason and next check), verify or
// reject with a reason; then the history with filters. Decisions are the server's (review-payment.ts).
import * as Tabs from "@radix-ui/react-tabs";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, DataTable, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { dangerButtonClass, Empty, ErrorState, Loading, primaryButtonClass } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

export type TPaymentsPage = inferRouterOutputs<AppRouter>["payments"]["list"];
type TRow = TPaymentsPage["payments"][number];
const PER_PAGE = 25;
const shortHash = (h: string) => `${h.slice(0, 10)}…${h.slice(-6)}`;

function PaymentActions({ p }: { p: TRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const done = async (message: string) => {
    toast(message);
    // The overview's revenue and payment figures change too.
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.payments.list.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() })]);
  };
  const verify = useMutation(trpc.payments.verify.mutationOptions({ onSuccess: (r) => done(`${r.message}: ${p.email ?? p.submitted_email}`) }));
  const reject = useMutation(trpc.payments.reject.mutationOptions({ onSuccess: () => done(`Payment rejected: ${p.email ?? p.submitted_email}`) }));
  return (
    <div className="flex gap-2">
      <ConfirmDialog
        trigger="Verify"
        triggerClassName={primaryButtonClass.replace("px-4 py-2", "px-3 py-1")}
        title="Verify this payment?"
        description={
          <>
            Confirms {p.expected_amount} USDT from {p.email} ({shortHash(p.tx_hash)}) and activates {p.plan} for 30 days. Check the transfer on the chain
            first.
          </>
        }
        confirm="Verify and activate the plan"
        pending={verify.isPending}
        onConfirm={() => verify.mutateAsync({ tx_hash: p.tx_hash })}
      />
      <ConfirmDialog
        trigger="Reject"
        triggerClassName={dangerButtonClass.replace("px-4 py-2", "px-3 py-1")}
        title="Reject this payment?"
        description={`Rejects ${p.plan} from ${p.email}; the payer sees the reason.`}
        reasonLabel="Reason for the payer"
        reasonRequired
        confirm="Reject the payment"
        danger
        pending={reject.isPending}
        onConfirm={(reason) => reject.mutateAsync({ tx_hash: p.tx_hash, reason })}
      />
    </div>
  );
}

const h = columnHelper<TRow>();
const base = [
  h.accessor("created_at", { header: "Submitted", cell: (c) => when(c.getValue()) }),
  h.display({ id: "payer", header: "Payer", cell: (c) => <span data-testid="payment-payer">{c.row.original.email ?? `no account (${c.row.original.submitted_email ?? "?"})`}</span> }),
  h.accessor("plan", { header: "Plan" }),
  h.display({ id: "amount", header: "Amount (USDT)", cell: (c) => `${c.row.original.paid_amount ?? "—"} paid / ${c.row.original.expected_amount} due` }),
  h.accessor("tx_hash", { header: "Transaction", cell: (c) => <code className="text-xs">{shortHash(c.getValue())}</code> }),
];
const pendingColumns = [
  ...base,
  h.display({
    id: "check",
    header: "Check state",
    cell: (c) => {
      const p = c.row.original;
      return (
        <div className="text-xs">
          <p className="text-amber-200">{p.reason ?? "Not checked yet"}</p>
          <p className="text-slate-400">
            {p.check_attempts} check{p.check_attempts === 1 ? "" : "s"} · {p.next_check_at ? `next ${when(p.next_check_at)}` : "waiting for you"}
          </p>
        </div>
      );
    },
  }),
  h.display({ id: "actions", header: "Decision", cell: (c) => <PaymentActions p={c.row.original} /> }),
];
const historyColumns = [
  ...base,
  h.accessor("status", { header: "Status", cell: (c) => <span data-testid="payment-status">{c.getValue()}</span> }),
  h.display({ id: "reason", header: "Reason", cell: (c) => c.row.original.reason ?? "—" }),
  h.display({ id: "decided", header: "Decided", cell: (c) => when(c.row.original.confirmed_at ?? c.row.original.rejected_at) }),
];

function PendingQueue({ initial }: { initial: TPaymentsPage }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.payments.list.queryOptions({ status: "PENDING", page: 1, per_page: 100 }), initialData: initial, initialDataUpdatedAt: 0 });
  if (list.isError) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (!list.data) return <Loading what="pending payments" />;
  if (list.data.payments.length === 0) return <Empty>No payment is waiting for a decision.</Empty>;
  return (
    <>
      <p className="mb-2 text-sm text-slate-400">{list.data.total} waiting, newest first.</p>
      <DataTable caption="Payments waiting for a decision" columns={pendingColumns} data={list.data.payments} rowId={(r) => r.id} testId="pending-payments" />
    </>
  );
}

type THistoryFilters = { status?: "PENDING" | "CONFIRMED" | "REJECTED"; plan?: "VIP" | "PREMIUM"; q?: string };

/** The totals of what the history's filters select: count, USDT due and paid, per status. */
function Totals({ filters }: { filters: THistoryFilters }) {
  const trpc = useTRPC();
  const totals = useQuery({ ...trpc.payments.totals.queryOptions(filters), placeholderData: keepPreviousData });
  if (totals.isError) return <ErrorState error={totals.error} retry={() => void totals.refetch()} />;
  if (!totals.data) return <Loading what="totals" />;
  return (
    <dl className="grid grid-cols-3 gap-3 text-sm" data-testid="payment-totals">
      {totals.data.by_status.map((t) => (
        <div key={t.status} className="rounded-lg border border-slate-800 bg-slate-900 p-3" data-testid={`payment-total-${t.status.toLowerCase()}`}>
          <dt className="text-xs uppercase tracking-wide text-slate-400">{t.status.toLowerCase()}</dt>
          <dd className="mt-1">
            <span className="text-lg font-semibold">{t.count}</span> payment{t.count === 1 ? "" : "s"}
            <span className="block text-xs text-slate-300">
              {t.paid_usdt} USDT paid · {t.expected_usdt} due
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function History() {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<THistoryFilters>();
  const list = useQuery({ ...trpc.payments.list.queryOptions({ ...filters, page, per_page: PER_PAGE }), placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterText label="Payer or transaction" placeholder="email, username or hash" value={filters.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Status" any="Any status" options={["PENDING", "CONFIRMED", "REJECTED"] as const} value={filters.status} onChange={(status) => update({ status })} />
        <FilterSelect label="Plan" any="Any plan" options={["VIP", "PREMIUM"] as const} value={filters.plan} onChange={(plan) => update({ plan })} />
      </div>
      <Totals filters={filters} />
      <PagedTable
        query={list}
        rows={(d) => d.payments}
        what="payments"
        empty="No payment matches these filters."
        caption="Payment history"
        columns={historyColumns}
        rowId={(r) => r.id}
        testId="payment-history"
        page={page}
        perPage={PER_PAGE}
        noun="payments"
        onPage={setPage}
      />
    </div>
  );
}

export function PaymentsScreen({ pending }: { pending: TPaymentsPage }) {
  const tab = "px-4 py-2 text-sm border-b-2 border-transparent data-[state=active]:border-emerald-400 data-[state=active]:text-white text-slate-400";
  return (
    <Tabs.Root defaultValue="pending">
      <Tabs.List aria-label="Payments" className="mb-4 flex gap-2 border-b border-slate-800">
        <Tabs.Trigger value="pending" className={tab}>
          Pending queue
        </Tabs.Trigger>
        <Tabs.Trigger value="history" className={tab}>
          History
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="pending">
        <PendingQueue initial={pending} />
      </Tabs.Content>
      <Tabs.Content value="history">
        <History />
      </Tabs.Content>
    </Tabs.Root>
  );
}
