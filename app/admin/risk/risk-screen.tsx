"use client";
// Risk and safety: the kill switch (toggled with a confirmation and a reason), the circuit
// breaker's figures, the background jobs, and the latest risk events. The live stream's `safety`
// event (a toggle anywhere, the breaker halting or resuming, a trade refused) refreshes them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, DataTable } from "../_components/data-table";
import { dangerButtonClass, Empty, ErrorState, Loading, primaryButtonClass } from "../_components/states";
import { useToast } from "../_components/toast";
import { useLiveFallback } from "../_components/live-updates";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

type TOut = inferRouterOutputs<AppRouter>;
export type TSafetyStatus = TOut["safety"]["status"];
type TEvent = TOut["safety"]["events"]["events"][number];
type TJob = TSafetyStatus["jobs"][number];

const FALLBACK_MS = 15_000;
/**
 * The jobs' last runs and the 24 h drawdown move without any event (a job that stops announces
 * nothing; prices drift), so the status keeps a slow poll even while the stream is up.
 */
const FIGURES_POLL_MS = 60_000;

const eh = columnHelper<TEvent>();
const eventColumns = [
  eh.accessor("created_at", { header: "When", cell: (c) => when(c.getValue()) }),
  eh.accessor("kind", { header: "Kind" }),
  eh.accessor("rule", { header: "Rule" }),
  eh.accessor("user_id", { header: "User", cell: (c) => c.getValue() ?? "all" }),
  eh.accessor("symbol", { header: "Symbol", cell: (c) => c.getValue() ?? "—" }),
  eh.accessor("reason", { header: "Reason" }),
];
const jh = columnHelper<TJob>();
const jobColumns = [
  jh.accessor("name", { header: "Job" }),
  jh.accessor("last_run_at", { header: "Last run", cell: (c) => when(c.getValue()) }),
  jh.accessor("last_status", { header: "Status" }),
  jh.display({ id: "error", header: "Last error", cell: (c) => ("last_error" in c.row.original ? (c.row.original.last_error ?? "—") : "—") }),
];

export function RiskScreen({ initial }: { initial: TSafetyStatus }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const fallback = useLiveFallback(FALLBACK_MS);
  const status = useQuery({ ...trpc.safety.status.queryOptions(), initialData: initial, initialDataUpdatedAt: 0, refetchInterval: fallback === false ? FIGURES_POLL_MS : fallback });
  const events = useQuery({ ...trpc.safety.events.queryOptions({ page: 1, limit: 20 }), refetchInterval: fallback });
  const toggle = useMutation(
    trpc.safety.toggle.mutationOptions({
      onSuccess: async (s) => {
        toast(s.kill_switch ? "Kill switch ON: trading halted" : "Kill switch OFF: trading resumed", s.kill_switch ? "error" : "ok");
        // The banner, this screen and the overview's kill switch card all read from these.
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.safety.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() })]);
      },
    }),
  );
  if (status.isError) return <ErrorState error={status.error} retry={() => void status.refetch()} />;
  if (!status.data) return <Loading what="the safety state" />;
  const s = status.data;
  const on = s.kill_switch;

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="kill-switch" className={`rounded-lg border p-4 ${on ? "border-rose-700 bg-rose-950/60" : "border-slate-800 bg-slate-900/40"}`}>
        <h2 id="kill-switch" className="text-lg font-semibold">
          Kill switch: <span data-testid="kill-switch-state">{on ? "ON — trading halted" : "OFF — trading running"}</span>
        </h2>
        <p className="mt-1 text-sm text-slate-300">
          {!s.changed_at || ("changed_by_kind" in s && s.changed_by_kind === "never")
            ? "Never switched."
            : `Last changed ${when(s.changed_at)}${"changed_by_kind" in s ? ` by ${s.changed_by_kind === "circuit_breaker" ? "the circuit breaker" : `admin #${s.changed_by}`}` : ""}.`}
          {"reason" in s && s.reason ? ` Reason: ${s.reason}` : ""}
        </p>
        <div className="mt-4">
          <ConfirmDialog
            trigger={on ? "Resume trading…" : "Halt all trading…"}
            triggerClassName={on ? primaryButtonClass : dangerButtonClass}
            title={on ? "Resume trading?" : "Halt all trading?"}
            description={
              on
                ? "Turns the kill switch off: the auto-trader copies new signals again. Admins and the VIP group are told."
                : "Turns the kill switch on: the auto-trader opens no new copies for anyone until it is turned off. Admins and the VIP group are told."
            }
            reasonLabel="Reason (sent with the alert and kept in the audit log)"
            reasonRequired
            confirm={on ? "Resume trading" : "Halt trading"}
            danger={!on}
            pending={toggle.isPending}
            onConfirm={(reason) => toggle.mutateAsync({ kill_switch: !on, reason })}
          />
        </div>
      </section>

      <section aria-labelledby="breaker">
        <h2 id="breaker" className="mb-3 text-lg font-semibold">
          Circuit breaker
        </h2>
        <dl className="grid grid-cols-4 gap-4 text-sm">
          {[
            ["24 h drawdown", `${s.drawdown_24h_pct}%`],
            ["Limit", `${s.max_dd_limit}%`],
            ["Armed", s.breaker_armed ? "yes" : "no (an admin resumed past the limit)"],
            ["Auto resume", s.auto_resume ? `on${s.recovering_since ? `, recovering since ${when(s.recovering_since)}` : ""}` : "off"],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg border border-slate-800 bg-slate-900 p-3">
              <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
              <dd className="mt-1 font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="jobs">
        <h2 id="jobs" className="mb-3 text-lg font-semibold">
          Background jobs
        </h2>
        {s.jobs.length === 0 ? <Empty>No background job has run yet.</Empty> : <DataTable caption="Background jobs and their last run" columns={jobColumns} data={s.jobs} rowId={(j) => j.name} />}
      </section>

      <section aria-labelledby="events">
        <h2 id="events" className="mb-3 text-lg font-semibold">
          Latest risk events
        </h2>
        {events.isError ? (
          <ErrorState error={events.error} retry={() => void events.refetch()} />
        ) : !events.data ? (
          <Loading what="risk events" />
        ) : events.data.events.length === 0 ? (
          <Empty>No risk event yet: no trade was blocked and no halt happened.</Empty>
        ) : (
          <DataTable caption="Latest risk events" columns={eventColumns} data={events.data.events} rowId={(e) => String(e.id)} />
        )}
      </section>
    </div>
  );
}
