"use client";
// Who is in the VIP group without an active paid plan ("unauthorized", unlinked accounts included)
// and the one action on them — remove (GET /api/admin/membership's list and removal, via tRPC).
// The bot keeps the list from chat_member updates; the nightly reconcile repairs missed ones.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, DataTable } from "../_components/data-table";
import { useLiveFallback } from "../_components/live-updates";
import { ListStates } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

type TMember = inferRouterOutputs<AppRouter>["membership"]["unauthorized"]["members"][number];
type TRemove = { isPending: boolean; mutateAsync: (input: { telegram_user_id: string }) => Promise<unknown> };

const h = columnHelper<TMember>();
const columns = (remove: TRemove) => [
  h.display({
    id: "telegram",
    header: "Telegram",
    cell: (c) => (
      <>
        {c.row.original.telegram_username ? `@${c.row.original.telegram_username}` : "—"} <span className="text-slate-400">({c.row.original.telegram_user_id})</span>
      </>
    ),
  }),
  h.accessor("user", {
    header: "Account",
    cell: (c) => {
      const u = c.getValue();
      return u ? (
        <Link href={`/admin/users/${u.id}`} className="underline">
          {u.username}
        </Link>
      ) : (
        <span className="text-slate-400">not linked</span>
      );
    },
  }),
  h.display({
    id: "plan",
    header: "Plan",
    cell: (c) => {
      const u = c.row.original.user;
      return u ? `${u.plan ?? "—"}${u.plan_expires_at ? ` (ended ${when(u.plan_expires_at)})` : ""}` : "—";
    },
  }),
  h.display({ id: "seen", header: "Seen", cell: (c) => `${c.row.original.status} · ${when(c.row.original.seen_at)}` }),
  h.accessor("removal_error", { header: "Last removal error", cell: (c) => <span className="text-amber-300">{c.getValue() ?? ""}</span> }),
  h.display({
    id: "remove",
    header: "Action",
    cell: (c) => {
      const m = c.row.original;
      const who = m.telegram_username ? `@${m.telegram_username}` : m.telegram_user_id;
      return (
        <ConfirmDialog
          trigger="Remove…"
          danger
          title={`Remove ${who}?`}
          description={<p>The bot removes this account from the VIP group (ban, then unban so they can come back after paying).</p>}
          confirm="Remove"
          pending={remove.isPending}
          onConfirm={() => remove.mutateAsync({ telegram_user_id: m.telegram_user_id })}
        />
      );
    },
  }),
];

export function MembershipScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  // Members' status changes arrive over the live stream (`membership`); this poll only runs while it is down.
  const list = useQuery({ ...trpc.membership.unauthorized.queryOptions(), refetchInterval: useLiveFallback(30_000) });
  const remove = useMutation(
    trpc.membership.remove.mutationOptions({
      onSuccess: async (r) => {
        toast(r.queued ? "Removal queued: the bot removes them shortly" : "This removal was already queued");
        await queryClient.invalidateQueries({ queryKey: trpc.membership.unauthorized.queryKey() });
      },
    }),
  );

  return (
    <section aria-labelledby="unauthorized" className="flex flex-col gap-3">
      <h2 id="unauthorized" className="text-lg font-semibold">
        In the group without a paid plan
      </h2>
      <p className="text-sm text-slate-400">
        Kept from Telegram&apos;s member updates and checked again every night (getChatMember for every paid and recently lapsed member).
        Expired members are removed by the expiry job; whoever is still listed here is removed with the button.
      </p>
      <ListStates
        query={list}
        what="the VIP group's members"
        isEmpty={(d) => d.chat_id === null || d.members.length === 0}
        empty={list.data?.chat_id === null ? "The VIP group is not configured (VIP_CHAT_ID)." : "Nobody is in the VIP group without a paid plan."}
      >
        {(d) => <DataTable caption="VIP group members without a paid plan, longest seen first" columns={columns(remove)} data={d.members} rowId={(r) => r.telegram_user_id} testId="unauthorized-members" />}
      </ListStates>
    </section>
  );
}
