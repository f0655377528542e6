"use client";
// Who is in the VIP group without an active paid plan ("unauthorized", unlinked accounts included)
// and the one action on them — remove (GET /api/admin/membership's list and removal, via tRPC).
// The bot keeps the list from chat_member updates; the nightly reconcile repairs missed ones.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { useLiveFallback } from "../_components/live-updates";
import { ListStates } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

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
        {(d) => (
          <table className="w-full text-left text-sm" data-testid="unauthorized-members">
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th className="py-2 pr-3">Telegram</th>
                <th className="py-2 pr-3">Account</th>
                <th className="py-2 pr-3">Plan</th>
                <th className="py-2 pr-3">Seen</th>
                <th className="py-2 pr-3">Last removal error</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody>
              {d.members.map((m) => (
                <tr key={m.telegram_user_id} className="border-t border-slate-800">
                  <td className="py-2 pr-3">
                    {m.telegram_username ? `@${m.telegram_username}` : "—"} <span className="text-slate-400">({m.telegram_user_id})</span>
                  </td>
                  <td className="py-2 pr-3">
                    {m.user ? (
                      <Link href={`/admin/users/${m.user.id}`} className="underline">
                        {m.user.username}
                      </Link>
                    ) : (
                      <span className="text-slate-400">not linked</span>
                    )}
                  </td>
                  <td className="py-2 pr-3">{m.user ? `${m.user.plan ?? "—"}${m.user.plan_expires_at ? ` (ended ${when(m.user.plan_expires_at)})` : ""}` : "—"}</td>
                  <td className="py-2 pr-3">
                    {m.status} · {when(m.seen_at)}
                  </td>
                  <td className="py-2 pr-3 text-amber-300">{m.removal_error ?? ""}</td>
                  <td className="py-2 text-right">
                    <ConfirmDialog
                      trigger="Remove…"
                      danger
                      title={`Remove ${m.telegram_username ? `@${m.telegram_username}` : m.telegram_user_id}?`}
                      description={<p>The bot removes this account from the VIP group (ban, then unban so they can come back after paying).</p>}
                      confirm="Remove"
                      pending={remove.isPending}
                      onConfirm={() => remove.mutateAsync({ telegram_user_id: m.telegram_user_id })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListStates>
    </section>
  );
}
