"use client";
// One signal: its prices, its events as a timeline, and the operator's event buttons (each
// confirmed). The state machine is the server's (record-event.ts): a refused event says why.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { dangerButtonClass, ErrorState, Loading } from "../../_components/states";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_components/trpc-provider";
import { pct, when } from "../../_lib/format";
import { CopyReport } from "./copy-report";

export type TSignalDetail = inferRouterOutputs<AppRouter>["signals"]["get"];
type TEventType = "TP_HIT" | "ALL_TP" | "SL_HIT" | "CANCELLED" | "CLOSED";

const CLOSED = new Set(["HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"]);
const EVENT_LABEL: Record<TEventType, string> = { TP_HIT: "Target reached", ALL_TP: "All targets reached", SL_HIT: "Stop loss hit", CANCELLED: "Cancelled", CLOSED: "Closed" };

export function SignalDetail({ id, initial }: { id: string; initial: TSignalDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const detail = useQuery({ ...trpc.signals.get.queryOptions({ id }), initialData: initial, initialDataUpdatedAt: 0 });
  const event = useMutation(
    trpc.signals.event.mutationOptions({
      onSuccess: async (res) => {
        toast(res.created ? `Recorded: ${EVENT_LABEL[res.event.type]}${res.event.target ? ` ${res.event.target}` : ""}` : "Already recorded: nothing changed");
        await queryClient.invalidateQueries({ queryKey: trpc.signals.pathKey() });
      },
    }),
  );
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  if (!detail.data) return <Loading what="the signal" />;
  const { signal: s, events } = detail.data;
  const open = !CLOSED.has(s.status);
  const send = (type: TEventType, target?: number) => event.mutateAsync({ signal_id: s.id, type, ...(target ? { target } : {}) });
  const targets = s.targets ?? [];

  return (
    <div className="flex flex-col gap-8">
      <dl className="grid grid-cols-4 gap-4 text-sm">
        {[
          ["Direction", `${s.direction} · x${s.leverage}`],
          ["Entry", s.entry ?? "—"],
          ["Stop loss", s.stop_loss ?? "—"],
          ["Status", s.status],
          ["Targets", targets.map((t, i) => `${i + 1}: ${t}`).join(" · ")],
          ["Targets hit", `${s.targets_hit} of ${s.targets_count}`],
          ["Realized profit (all targets weighted)", pct(s.realized_profit_pct)],
          ["Source", `${s.source}${s.confidence_label ? ` · confidence ${s.confidence_label}` : s.confidence !== null ? ` · confidence ${s.confidence}%` : ""}`],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-800 bg-slate-900 p-3">
            <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
            <dd className="mt-1 font-medium" data-testid={label === "Status" ? "signal-detail-status" : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="actions">
        <h2 id="actions" className="mb-3 text-lg font-semibold">
          Record what happened
        </h2>
        {!open ? (
          <p className="text-sm text-slate-400">This signal is closed ({s.status}); it takes no further events.</p>
        ) : (
          <div className="flex flex-wrap gap-2">
            {targets.map((price, i) => {
              const n = i + 1;
              if (n <= s.targets_hit) return null;
              return (
                <ConfirmDialog
                  key={n}
                  trigger={`Send TP${n}`}
                  title={`Target ${n} reached?`}
                  description={`Records target ${n} (${price}) for ${s.symbol}: the groups get the result, copies close their share.`}
                  confirm={`Send TP${n}`}
                  pending={event.isPending}
                  onConfirm={() => send("TP_HIT", n)}
                />
              );
            })}
            <ConfirmDialog trigger="All targets reached" title="All targets reached?" description={`Closes ${s.symbol} as a win at its last target and closes every copy.`} confirm="Record all targets" pending={event.isPending} onConfirm={() => send("ALL_TP")} />
            <ConfirmDialog trigger="Stop loss hit" title="Stop loss hit?" description={`Closes ${s.symbol} at its stop loss (${s.stop_loss ?? "—"}) and closes every copy.`} confirm="Record the stop loss" danger pending={event.isPending} onConfirm={() => send("SL_HIT")} />
            <ConfirmDialog trigger="Cancel the signal" title="Cancel this signal?" description={`Cancels ${s.symbol}: copies still open close at the market.`} confirm="Cancel the signal" danger triggerClassName={dangerButtonClass} pending={event.isPending} onConfirm={() => send("CANCELLED")} />
            <ConfirmDialog trigger="Close the signal" title="Close this signal?" description={`Closes ${s.symbol} now; what is still open leaves at the entry.`} confirm="Close the signal" danger pending={event.isPending} onConfirm={() => send("CLOSED")} />
          </div>
        )}
      </section>

      <CopyReport signalId={s.id} live={open} />

      <section aria-labelledby="timeline">
        <h2 id="timeline" className="mb-3 text-lg font-semibold">
          Timeline
        </h2>
        <ol className="flex flex-col gap-2 border-l border-slate-700 pl-4 text-sm" data-testid="signal-timeline">
          <li>
            <span className="text-slate-400">{when(s.created_at)}</span> — posted ({s.source})
          </li>
          {events.map((e) => (
            <li key={e.id}>
              <span className="text-slate-400">{when(e.created_at)}</span> — {EVENT_LABEL[e.type]}
              {e.target ? ` ${e.target}` : ""}
              {e.price ? ` at ${e.price}` : ""}
              {e.profit_pct !== null ? ` · ${pct(e.profit_pct)} from entry` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
