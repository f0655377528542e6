"use client";
// The review queue: unused channel posts, newest first, with the parser's reason; each can be
// opened as a pre-filled signal form or dismissed (server/signals/review-queue.ts decides).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

export type TReviewPage = inferRouterOutputs<AppRouter>["review"]["list"];
type TRow = TReviewPage["items"][number];
const PER_PAGE = 20;

export function DismissButton({ item, onDone }: { item: Pick<TRow, "id" | "message_id">; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const dismiss = useMutation(
    trpc.review.dismiss.mutationOptions({
      onSuccess: async () => {
        toast(`Post ${item.message_id} dismissed`);
        await queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
        onDone?.();
      },
    }),
  );
  return (
    <ConfirmDialog
      trigger="Dismiss"
      title="Dismiss this post?"
      description="It leaves the queue; nothing is sent. The audit log keeps who dismissed it and why."
      reasonLabel="Reason (optional, kept in the audit log)"
      confirm="Dismiss the post"
      danger
      pending={dismiss.isPending}
      onConfirm={(reason) => dismiss.mutateAsync({ id: item.id, reason: reason || undefined })}
    />
  );
}

const h = columnHelper<TRow>();
const columns = [
  h.accessor("created_at", { header: "Received", cell: (c) => <span className="whitespace-nowrap">{when(c.getValue())}</span> }),
  h.accessor("text", {
    header: "Post",
    cell: (c) => <pre className="max-h-28 max-w-md overflow-hidden whitespace-pre-wrap break-words font-sans text-xs text-slate-200">{c.getValue()}</pre>,
  }),
  h.accessor("reason", { header: "Parser's reason", cell: (c) => <span className="text-amber-200" data-testid="review-reason">{c.getValue()}</span> }),
  h.accessor("state", {
    header: "State",
    cell: (c) =>
      c.row.original.signal_id ? (
        <Link href={`/admin/signals/${c.row.original.signal_id}`} className="text-emerald-300 underline" data-testid="review-state">
          signal
        </Link>
      ) : (
        <span data-testid="review-state">{c.getValue()}</span>
      ),
  }),
  h.display({
    id: "actions",
    header: "Decision",
    cell: (c) =>
      c.row.original.state === "pending" ? (
        <div className="flex flex-wrap gap-2">
          <Link href={`/admin/review/${c.row.original.id}`} className="rounded-md bg-emerald-500 px-3 py-1.5 text-sm font-medium text-slate-950 hover:bg-emerald-400">
            Turn into a signal
          </Link>
          <DismissButton item={c.row.original} />
        </div>
      ) : (
        <span className="text-xs text-slate-400">{when(c.row.original.resolved_at)}</span>
      ),
  }),
];

export function ReviewList({ initial }: { initial: TReviewPage }) {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<{ state?: "pending" | "dismissed" | "signal" | "all"; q?: string }>();
  const state = filters.state ?? "pending";
  const isDefault = page === 1 && !filters.q && state === "pending";
  const list = useQuery({ ...trpc.review.list.queryOptions({ state, q: filters.q, page, per_page: PER_PAGE }), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterSelect label="Show" any="Waiting for a decision" options={["dismissed", "signal", "all"] as const} value={filters.state === "pending" ? undefined : filters.state} onChange={(s) => update({ state: s })} />
        <FilterText label="Search posts" search placeholder="text or reason" value={filters.q} onChange={(q) => update({ q })} />
        {list.data && <p className="pb-2 text-slate-400" data-testid="review-pending-count">{list.data.pending} waiting in total</p>}
      </div>
      <PagedTable
        query={list}
        rows={(d) => d.items}
        what="the review queue"
        empty={isDefault ? "Nothing to review: every channel post was used." : "No post matches these filters."}
        caption="Channel posts not used, newest first"
        columns={columns}
        rowId={(r) => String(r.id)}
        testId="review-table"
        page={page}
        perPage={PER_PAGE}
        noun="posts"
        onPage={setPage}
      />
    </div>
  );
}
