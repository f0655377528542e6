import type { Metadata } from "next";
import { listUnparsedMessages } from "@/server/signals/ingest-channel-post";
import { getSignalStats } from "@/server/signals/signal-stats";
import { countUsersByPlan } from "@/server/users/count-users-by-plan";
import { requireAdminPage } from "./_lib/require-admin";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function AdminHome() {
  await requireAdminPage();
  const [counts, stats, unparsed] = await Promise.all([countUsersByPlan(), getSignalStats(30), listUnparsedMessages(10)]);
  return (
    <section className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {(["TOTAL", "TRIAL", "VIP", "PREMIUM"] as const).map((k) => (
          <div key={k} className="rounded-lg border border-slate-800 bg-slate-900 p-4">
            <dt className="text-xs uppercase tracking-wide text-slate-400">{k === "TOTAL" ? "Subscribers" : k}</dt>
            <dd className="mt-1 text-2xl font-semibold" data-testid={`users-${k.toLowerCase()}`}>
              {counts[k]}
            </dd>
          </div>
        ))}
      </dl>

      <div>
        <h2 className="mb-3 text-lg font-semibold">Signals, last 30 days</h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {[
            ["Signals", String(stats.overall.signals)],
            ["Open", String(stats.overall.open)],
            ["Win rate", stats.overall.win_rate_pct === null ? "—" : `${stats.overall.win_rate_pct}%`],
            ["Avg profit", stats.overall.avg_profit_pct === null ? "—" : `${stats.overall.avg_profit_pct}%`],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg border border-slate-800 bg-slate-900 p-4">
              <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
              <dd className="mt-1 text-2xl font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      </div>

      <div>
        <h2 className="mb-3 text-lg font-semibold">Channel posts not used</h2>
        {unparsed.length === 0 ? (
          <p className="text-sm text-slate-400">Every post from the source channel became a signal or an event, or was recognised as chatter.</p>
        ) : (
          <ul className="flex flex-col gap-2" data-testid="unparsed-posts">
            {unparsed.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-800 bg-slate-900 p-3 text-sm">
                <p className="font-medium text-amber-300">{p.reason}</p>
                <pre className="mt-1 whitespace-pre-wrap break-words text-slate-300">{p.text.slice(0, 400)}</pre>
                <p className="mt-1 text-xs text-slate-500">
                  message {p.message_id} · {new Date(p.created_at).toUTCString()}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
