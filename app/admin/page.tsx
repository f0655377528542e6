import Link from "next/link";
import type { Metadata } from "next";
import { getAdminOverview } from "@/server/analytics/overview";
import { getTimeSeries } from "@/server/analytics/time-series";
import { getHealth } from "@/server/health/get-health";
import { logger } from "@/server/logger";
import { listReviewItems } from "@/server/signals/review-queue";
import { PageHeader } from "./_components/states";
import { requireAdminPage } from "./_lib/require-admin";
import { OverviewScreen } from "./_overview/overview-screen";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

/** The status strip's first paint; if health cannot be read here the browser asks again. */
async function initialHealth(): Promise<Awaited<ReturnType<typeof getHealth>> | null> {
  try {
    return await getHealth();
  } catch (err) {
    logger.error("admin overview could not read the platform's health", { err });
    return null;
  }
}

export default async function AdminHome() {
  await requireAdminPage();
  const [overview, health, signups, revenue, signals, profit, pnl, blocked, unparsed] = await Promise.all([
    getAdminOverview(),
    initialHealth(),
    getTimeSeries("signups", 30),
    getTimeSeries("revenue", 30),
    getTimeSeries("signals", 30),
    getTimeSeries("profit", 30),
    getTimeSeries("pnl", 30),
    getTimeSeries("blocked", 30),
    listReviewItems({ state: "pending", page: 1, per_page: 5 }).then((r) => r.items),
  ]);
  return (
    <section>
      <PageHeader title="Overview" />
      <OverviewScreen
        overview={overview}
        health={health}
        series={{ signupsSeries: signups, revenueSeries: revenue, signalsSeries: signals, profitSeries: profit, pnlSeries: pnl, blockedSeries: blocked }}
      />

      <div className="mt-8">
        <h2 className="mb-3 text-lg font-semibold">
          Channel posts not used{" "}
          <Link href="/admin/review" className="ml-2 text-sm font-normal text-sky-400 underline">
            Open the review queue
          </Link>
        </h2>
        {unparsed.length === 0 ? (
          <p className="text-sm text-slate-400">Nothing to review: every post from the source channel became a signal or an event, was recognised as chatter, or was dealt with.</p>
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
