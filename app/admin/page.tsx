import type { Metadata } from "next";
import { countUsersByPlan } from "@/server/users/count-users-by-plan";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function AdminHome() {
  const counts = await countUsersByPlan();
  return (
    <section className="flex flex-col gap-6">
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
    </section>
  );
}
