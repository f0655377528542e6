"use client";
// One user: plan and expiry, role, and the change of either — confirmed, with a reason that the
// audit trail keeps (server/users/subscription.ts).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { ErrorState, inputClass, Loading, primaryButtonClass } from "../../_components/states";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_components/trpc-provider";
import { when } from "../../_lib/format";
import { UserActivity } from "./user-activity";

export type TUserDetail = inferRouterOutputs<AppRouter>["users"]["get"];
type TPlan = "TRIAL" | "VIP" | "PREMIUM";
type TRole = "USER" | "ADMIN";

export function UserDetail({ id, initial }: { id: number; initial: TUserDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const detail = useQuery({ ...trpc.users.get.queryOptions({ id }), initialData: initial, initialDataUpdatedAt: 0 });
  const [plan, setPlan] = useState<TPlan>(initial.user.plan);
  const [role, setRole] = useState<TRole>(initial.user.role);
  const ids = { plan: useId(), role: useId() };
  const change = useMutation(
    trpc.users.updateSubscription.mutationOptions({
      onSuccess: async (r) => {
        toast(`Saved: plan ${r.plan}, role ${r.role}`);
        // Plan counts on the overview change with it.
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() })]);
      },
    }),
  );
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  if (!detail.data) return <Loading what="the user" />;
  const { user: u, changes } = detail.data;
  const diff = { ...(plan !== u.plan ? { plan } : {}), ...(role !== u.role ? { role } : {}) };
  const changed = Object.keys(diff).length > 0;

  return (
    <div className="flex flex-col gap-8">
      <dl className="grid grid-cols-4 gap-4 text-sm">
        {[
          ["Email", u.email],
          ["Plan", u.plan === u.effective_plan ? u.plan : `${u.plan} (expired: ${u.effective_plan} now)`],
          ["Plan expires", when(u.plan_expires_at)],
          ["Role", u.role],
          ["Telegram", u.telegram_handle ?? "—"],
          ["Active", u.is_active ? "yes" : "no"],
          ["Registered", when(u.created_at)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-800 bg-slate-900 p-3">
            <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
            <dd className="mt-1 break-words font-medium" data-testid={`user-${String(label).toLowerCase().replace(" ", "-")}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="change" className="flex flex-col gap-3">
        <h2 id="change" className="text-lg font-semibold">
          Change plan or role
        </h2>
        <div className="flex flex-wrap items-end gap-4 text-sm">
          <label htmlFor={ids.plan} className="flex flex-col gap-1">
            New plan
            <select id={ids.plan} className={inputClass} value={plan} onChange={(e) => setPlan(e.target.value as TPlan)}>
              <option>TRIAL</option>
              <option>VIP</option>
              <option>PREMIUM</option>
            </select>
          </label>
          <label htmlFor={ids.role} className="flex flex-col gap-1">
            New role
            <select id={ids.role} className={inputClass} value={role} onChange={(e) => setRole(e.target.value as TRole)}>
              <option>USER</option>
              <option>ADMIN</option>
            </select>
          </label>
          <ConfirmDialog
            trigger="Save the change…"
            triggerClassName={primaryButtonClass}
            disabled={!changed}
            title={`Change ${u.username}?`}
            description={
              <>
                {diff.plan && <p>Plan: {u.plan} → {diff.plan}{diff.plan !== "TRIAL" ? " (30 days from now)" : " (no expiry)"}</p>}
                {diff.role && <p>Role: {u.role} → {diff.role}</p>}
              </>
            }
            reasonLabel="Reason (kept in the audit log)"
            reasonRequired
            confirm="Save the change"
            pending={change.isPending}
            onConfirm={(reason) => change.mutateAsync({ id: u.id, ...diff, reason })}
          />
        </div>
        {!changed && <p className="text-xs text-slate-400">Pick a different plan or role to save a change.</p>}
      </section>

      <section aria-labelledby="history">
        <h2 id="history" className="mb-3 text-lg font-semibold">
          Changes by admins
        </h2>
        {changes.length === 0 ? (
          <p className="text-sm text-slate-400">No admin has changed this account.</p>
        ) : (
          <ol className="flex flex-col gap-2 text-sm" data-testid="user-changes">
            {changes.map((c) => {
              const d = (c.details ?? {}) as { plan?: string; role?: string; reason?: string; before?: { plan?: string; role?: string } };
              return (
                <li key={c.id} className="rounded-md border border-slate-800 px-3 py-2">
                  <span className="text-slate-400">{when(c.created_at)}</span> · {c.actor?.email ?? "system"} ·{" "}
                  {[d.plan && `plan ${d.before?.plan ?? "?"} → ${d.plan}`, d.role && `role ${d.before?.role ?? "?"} → ${d.role}`].filter(Boolean).join(", ") || c.action}
                  {d.reason && <span className="text-slate-300"> — “{d.reason}”</span>}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <UserActivity id={u.id} />
    </div>
  );
}
