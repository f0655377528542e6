import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { toAppError } from "@/server/errors";
import { getSignal } from "@/server/signals/list-signals";
import { PageHeader } from "../../_components/states";
import { requireAdminPage } from "../../_lib/require-admin";
import { SignalDetail } from "./signal-detail";

export const metadata: Metadata = { title: "Signal" };
export const dynamic = "force-dynamic";

export default async function SignalPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdminPage();
  const { id } = await params;
  const initial = await getSignal(id, admin).catch((err: unknown) => {
    if (toAppError(err).code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div>
      <Link href="/admin/signals" className="text-sm text-slate-400 underline">
        ← All signals
      </Link>
      <PageHeader title={`${initial.signal.symbol} ${initial.signal.direction}`} />
      <SignalDetail id={id} initial={initial} />
    </div>
  );
}
