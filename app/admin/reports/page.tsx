import type { Metadata } from "next";
import { listDailyReports } from "@/server/reports/daily-report";
import { getChainHead } from "@/server/track-record/track-record";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { ReportsScreen } from "./reports-screen";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  const admin = await requireAdminPage();
  const [reports, head] = await Promise.all([listDailyReports({ limit: 30 }, admin), getChainHead()]);
  return (
    <div>
      <PageHeader title="Reports" />
      <ReportsScreen initial={reports} head={head} />
    </div>
  );
}
