"use client";
// The top of the overview: the kill switch's state (the same query as the HALTED banner) and the
// health of every part (/api/health's service). Deliberately no role="alert": a part that is off
// or down is information here; the banner is the alarm.
import Link from "next/link";
import { healthParts, type THealth, type TPartState } from "../_lib/health-parts";
import { when } from "../_lib/format";

const DOT: Record<TPartState, string> = { ok: "bg-emerald-400", warn: "bg-amber-400", down: "bg-rose-500", off: "bg-slate-500" };
const WORD: Record<TPartState, string> = { ok: "ok", warn: "warning", down: "down", off: "off" };

export function PlatformStatus({ killSwitch, health, healthError }: {
  killSwitch: { on: boolean; reason: string | null; changed_at: string | null } | null;
  health: THealth | undefined;
  healthError: string | null;
}) {
  return (
    <section aria-label="Platform status" data-testid="platform-status" className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-5">
      <Link
        href="/admin/risk"
        data-testid="overview-kill-switch"
        className={`flex min-w-0 flex-col rounded-lg border px-4 py-2 text-sm ${killSwitch?.on ? "border-rose-700 bg-rose-950 text-rose-100" : "border-emerald-800 bg-emerald-950/40 text-emerald-100"}`}
      >
        <span className="text-xs uppercase tracking-wide opacity-80">Kill switch</span>
        <span className="font-semibold">{killSwitch === null ? "unknown" : killSwitch.on ? "ON — trading halted" : "off — trading runs"}</span>
        {killSwitch?.on && killSwitch.reason && <span className="text-xs">{killSwitch.reason}</span>}
        {killSwitch?.changed_at && <span className="text-xs opacity-70">since {when(killSwitch.changed_at)}</span>}
      </Link>
      {healthError ? (
        <p className="col-span-full flex items-center rounded-lg border border-amber-800 px-4 py-2 text-sm text-amber-200 xl:col-span-4">Health unknown: {healthError}</p>
      ) : !health ? (
        <p role="status" className="col-span-full flex items-center px-4 py-2 text-sm text-slate-400 xl:col-span-4">
          Checking the parts…
        </p>
      ) : (
        <ul className="contents" aria-label="Health of every part">
          {healthParts(health).map((p) => (
            <li key={p.name} data-testid={`health-${p.name.toLowerCase().replace(/\s+/g, "-")}`} data-state={p.state} className="flex min-w-0 flex-col rounded-lg border border-slate-800 bg-slate-900 px-3 py-2 text-sm">
              <span className="flex items-center gap-2 font-medium">
                <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${DOT[p.state]}`} />
                {p.name} <span className="text-xs font-normal text-slate-400">{WORD[p.state]}</span>
              </span>
              <span className="truncate text-xs text-slate-400" title={p.detail}>
                {p.detail}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
