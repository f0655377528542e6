"use client";
// Telegram delivery: each chat's queue in the outbox (backlog, retries, failures, last sent), then
// the messages with their attempts and errors; a failed or sent message can be resent (audited).
// Live: the outbox announces every message sent, failed or retried (_components/live-updates.tsx).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { useLiveFallback } from "../_components/live-updates";
import { buttonClass } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

type TOutputs = inferRouterOutputs<AppRouter>["delivery"];
export type TChatsPage = TOutputs["chats"];
type TChat = TChatsPage["chats"][number];
type TMessage = TOutputs["messages"]["messages"][number];
const PER_PAGE = 20;
const STATUSES = ["PENDING", "FAILED", "SENT"] as const;
/** Sent and failed messages arrive over the live stream (`delivery`); this poll only runs while it is down. */
const FALLBACK_POLL_MS = 30_000;

function Count({ n, tone }: { n: number; tone: "amber" | "rose" }) {
  if (n === 0) return <span className="text-slate-500">0</span>;
  return <span className={`font-semibold ${tone === "rose" ? "text-rose-300" : "text-amber-200"}`}>{n}</span>;
}

function ChatsTable({ initial, onPick }: { initial: TChatsPage; onPick: (target: string) => void }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const refetchInterval = useLiveFallback(FALLBACK_POLL_MS);
  const list = useQuery({ ...trpc.delivery.chats.queryOptions({ page, per_page: PER_PAGE }), initialData: page === 1 ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData, refetchInterval });
  const h = columnHelper<TChat>();
  const columns = [
    h.accessor("label", {
      header: "Chat",
      cell: (c) => (
        <button type="button" className="text-left text-emerald-300 underline" onClick={() => onPick(c.row.original.target)} title={`Show the messages of ${c.row.original.target}`}>
          {c.getValue()}
          <span className="block text-xs text-slate-400">{c.row.original.target}</span>
        </button>
      ),
    }),
    h.accessor("pending", { header: "Waiting", cell: (c) => <Count n={c.getValue()} tone="amber" /> }),
    h.accessor("retrying", { header: "Retrying", cell: (c) => <Count n={c.getValue()} tone="amber" /> }),
    h.accessor("failed", { header: "Failed", cell: (c) => <Count n={c.getValue()} tone="rose" /> }),
    h.accessor("oldest_pending_at", { header: "Oldest waiting", cell: (c) => when(c.getValue()) }),
    h.accessor("next_attempt_at", { header: "Next attempt", cell: (c) => when(c.getValue()) }),
    h.accessor("last_sent_at", { header: "Last sent", cell: (c) => when(c.getValue()) }),
    h.accessor("last_error", { header: "Last error", cell: (c) => <span className="text-xs text-rose-200">{c.getValue() ?? "—"}</span> }),
  ];
  return (
    <PagedTable
      query={list}
      rows={(d) => d.chats}
      what="the chats"
      empty="No Telegram chat is configured and nothing is queued."
      caption="Delivery per chat, busiest first"
      columns={columns}
      rowId={(r) => r.target}
      testId="delivery-chats"
      page={page}
      perPage={PER_PAGE}
      noun="chats"
      onPage={setPage}
    />
  );
}

function ResendButton({ m }: { m: TMessage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const resend = useMutation(
    trpc.delivery.resend.mutationOptions({
      onSuccess: async () => {
        toast(`Message ${m.id} queued again for ${m.chat}`);
        await queryClient.invalidateQueries({ queryKey: trpc.delivery.pathKey() });
      },
    }),
  );
  if (m.status === "PENDING") return <span className="text-xs text-slate-400">queued</span>;
  if (m.status === "SENT" && m.method !== "sendMessage") return <span className="text-xs text-slate-400">—</span>;
  return (
    <ConfirmDialog
      trigger="Resend"
      title={`Resend message ${m.id}?`}
      description={
        m.status === "FAILED"
          ? `It goes back to the queue of ${m.chat} and is tried again now. Telegram refused it with: ${m.last_error ?? "no error recorded"}.`
          : `It was sent ${when(m.sent_at)}; a copy is queued for ${m.chat}, so the chat gets it a second time.`
      }
      confirm="Resend the message"
      pending={resend.isPending}
      onConfirm={() => resend.mutateAsync({ id: m.id })}
    />
  );
}

const m = columnHelper<TMessage>();
const messageColumns = [
  m.accessor("created_at", { header: "Queued", cell: (c) => <span className="whitespace-nowrap">{when(c.getValue())}</span> }),
  m.accessor("chat", { header: "Chat" }),
  m.accessor("kind", { header: "Kind" }),
  m.accessor("body", { header: "Message", cell: (c) => <pre className="max-h-24 max-w-xs overflow-hidden whitespace-pre-wrap break-words font-sans text-xs">{c.getValue()}</pre> }),
  m.accessor("status", { header: "Status", cell: (c) => <span data-testid="delivery-status">{c.getValue()}</span> }),
  m.accessor("attempts", { header: "Attempts" }),
  m.display({ id: "when", header: "Next attempt / sent", cell: (c) => when(c.row.original.next_attempt_at ?? c.row.original.sent_at) }),
  m.accessor("last_error", { header: "Last error", cell: (c) => <span className="text-xs text-rose-200">{c.getValue() ?? "—"}</span> }),
  m.display({ id: "resend", header: "Action", cell: (c) => <ResendButton m={c.row.original} /> }),
];

function Messages({ filters, update, page, setPage }: ReturnType<typeof useListFilters<{ status?: (typeof STATUSES)[number]; target?: string }>>) {
  const trpc = useTRPC();
  const refetchInterval = useLiveFallback(FALLBACK_POLL_MS);
  const list = useQuery({ ...trpc.delivery.messages.queryOptions({ ...filters, page, per_page: PER_PAGE }), placeholderData: keepPreviousData, refetchInterval });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterSelect label="Status" any="Any status" options={STATUSES} value={filters.status} onChange={(status) => update({ status })} />
        <FilterText label="Chat id" placeholder="e.g. -1001234567890" value={filters.target} onChange={(target) => update({ target })} />
        {filters.target && (
          <button type="button" className={buttonClass} onClick={() => update({ target: undefined })}>
            Show every chat
          </button>
        )}
      </div>
      <PagedTable
        query={list}
        rows={(d) => d.messages}
        what="messages"
        empty="No message matches these filters."
        caption="Outbox messages, newest first"
        columns={messageColumns}
        rowId={(r) => r.id}
        testId="delivery-messages"
        page={page}
        perPage={PER_PAGE}
        noun="messages"
        onPage={setPage}
      />
    </div>
  );
}

export function DeliveryScreen({ initial }: { initial: TChatsPage }) {
  const messages = useListFilters<{ status?: (typeof STATUSES)[number]; target?: string }>();
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="chats" className="flex flex-col gap-3">
        <h2 id="chats" className="text-lg font-semibold">
          Chats
        </h2>
        <p className="text-sm text-slate-400">Messages go out in order per chat, within Telegram&apos;s limits; a failed one no longer holds up its chat.</p>
        <ChatsTable initial={initial} onPick={(target) => messages.update({ target })} />
      </section>
      <section aria-labelledby="messages" className="flex flex-col gap-3">
        <h2 id="messages" className="text-lg font-semibold">
          Messages
        </h2>
        <Messages {...messages} />
      </section>
    </div>
  );
}
