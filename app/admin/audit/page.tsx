import type { Metadata } from "next";
import { listAuditEvents } from "@/server/analytics/audit-log";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { AuditLog } from "./audit-log";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage() {
  await requireAdminPage();
  const initial = await listAuditEvents({ page: 1, per_page: 25 });
  return (
    <div>
      <PageHeader title="Audit log" />
      <AuditLog initial={initial} />
    </div>
  );
}
