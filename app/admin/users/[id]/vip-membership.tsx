"use client";
// The user page's "VIP membership" section: the linked Telegram account, where it stands in the
// VIP group, the last invite and the last removal (with Telegram's refusal), and the two actions —
// re-send the invite, remove from the group — each confirmed (server/membership/user-membership.ts).
// The server decides where the user stands (`vip_state`) and which action applies; this renders it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { ErrorState, Loading } from "../../_components/states";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_components/trpc-provider";
import { when } from "../../_lib/format";

type TMembership = inferRouterOutputs<AppRouter>["membership"]["user"];
type TCall = TMembership["last_invite"];

const STATUS_TEXT: Record<string, string> = {
  creator: "owner",
  administrator: "admin",
  member: "member",
  restricted: "member (restricted)",
  left: "not in the group",
  kicked: "banned",
};

const ENTITLED_HINT = "Removal is for members without a paid plan: to remove this user, end their plan above (set TRIAL).";
const HINT: Record<TMembership["vip_state"], string> = {
  not_configured: "",
  not_linked: "Nothing to do until the user connects Telegram (app or payment page → Connect Telegram).",
  in_group: ENTITLED_HINT,
  entitled_not_in_group: ENTITLED_HINT,
  unauthorized: "Their plan no longer gives access: a refused removal is retried every hour, or remove them now.",
  group_admin_without_plan: "An owner or admin of the VIP group without a paid plan: the bot cannot remove them; change it in Telegram.",
  not_in_group: "Not in the VIP group as far as the bot knows; the nightly reconcile checks again.",
};

function callText(c: TCall, what: string): string {
  if (!c) return `No ${what} yet`;
  if (c.status === "SENT") return `Sent ${when(c.sent_at)}`;
  if (c.status === "FAILED") return `Refused by Telegram ${when(c.queued_at)}: ${c.error ?? "unknown error"}`;
  return `Queued ${when(c.queued_at)}${c.error ? ` — retrying: ${c.error}` : ""}`;
}

export function VipMembership({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const membership = useQuery(trpc.membership.user.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.membership.user.queryKey({ id }) });
  const reinvite = useMutation(
    trpc.membership.reinviteUser.mutationOptions({
      onSuccess: async (r) => (toast(r.queued ? "The VIP invite is on its way" : "An invite was already sent this minute"), await refresh()),
    }),
  );
  const remove = useMutation(
    trpc.membership.removeUser.mutationOptions({
      onSuccess: async (r) => (toast(r.queued ? "Removal from the VIP group queued" : "This removal was already queued"), await refresh()),
    }),
  );

  return (
    <section aria-labelledby="vip-membership" className="mt-8 flex flex-col gap-3" data-testid="vip-membership">
      <h2 id="vip-membership" className="text-lg font-semibold">
        VIP membership
      </h2>
      {membership.isError ? (
        <ErrorState error={membership.error} retry={() => void membership.refetch()} />
      ) : !membership.data ? (
        <Loading what="the VIP membership" />
      ) : (
        <Details m={membership.data} reinvite={reinvite} remove={remove} id={id} />
      )}
    </section>
  );
}

type TAction = { isPending: boolean; mutateAsync: (input: { id: number }) => Promise<unknown> };

function Details({ m, reinvite, remove, id }: { m: TMembership; reinvite: TAction; remove: TAction; id: number }) {
  if (m.vip_state === "not_configured") return <p className="text-sm text-slate-400">The VIP group is not configured (VIP_CHAT_ID), so there is no membership to show.</p>;
  const tg = m.telegram;
  const status = m.vip_group?.status ?? null;
  const rows: [string, string][] = [
    ["Telegram account", tg ? `${tg.username ? `@${tg.username}` : "no username"} (id ${tg.user_id})` : "Not connected"],
    ["Plan gives access", m.entitled ? "yes (VIP or PREMIUM, unexpired)" : "no"],
    ["In the VIP group", !tg ? "—" : status ? `${STATUS_TEXT[status] ?? status} (as of ${when(m.vip_group?.seen_at ?? null)})` : "never seen there"],
    ["Last invite", tg ? callText(m.last_invite, "invite") : "—"],
    ["Last removal", tg ? callText(m.last_removal, "removal") : "—"],
    ["Access granted / ended", `${when(m.vip_granted_at)} / ${when(m.vip_revoked_at)}`],
  ];
  return (
    <>
      {m.vip_state === "unauthorized" && (
        <p role="alert" className="rounded-md border border-amber-700 bg-amber-950 px-3 py-2 text-sm text-amber-200">
          In the VIP group without an active paid plan.
        </p>
      )}
      <dl className="grid grid-cols-3 gap-4 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-800 bg-slate-900 p-3">
            <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
            <dd className="mt-1 break-words font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmDialog
          trigger="Re-send the VIP invite…"
          disabled={!m.can_reinvite}
          title="Re-send the VIP invite?"
          description={<p>The bot DMs {tg?.username ? `@${tg.username}` : "this Telegram account"} the VIP group&apos;s join-request link again; it approves their request.</p>}
          confirm="Re-send the invite"
          pending={reinvite.isPending}
          onConfirm={() => reinvite.mutateAsync({ id })}
        />
        <ConfirmDialog
          trigger="Remove from the VIP group…"
          danger
          disabled={!m.can_remove}
          title="Remove from the VIP group?"
          description={<p>The bot removes {tg?.username ? `@${tg.username}` : "this Telegram account"} from the VIP group (ban, then unban so they can come back after paying).</p>}
          confirm="Remove"
          pending={remove.isPending}
          onConfirm={() => remove.mutateAsync({ id })}
        />
      </div>
      <p className="text-xs text-slate-400">
        {HINT[m.vip_state]}
      </p>
    </>
  );
}
