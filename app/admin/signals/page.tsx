import type { Metadata } from "next";
import { listAdminSignals } from "@/server/analytics/admin-signals";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { SignalForm } from "./_components/signal-form";
import { SignalsList } from "./_components/signals-list";

export const metadata: Metadata = { title: "Signals" };
export const dynamic = "force-dynamic";

export default async function SignalsPage() {
  await requireAdminPage();
  const initial = await listAdminSignals({ page: 1, per_page: 20 });
  return (
    <div>
      <PageHeader title="Signals" />
      <div className="flex flex-col gap-8">
        <SignalForm />
        <SignalsList initial={initial} />
      </div>
    </div>
  );
}
