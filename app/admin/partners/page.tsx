import type { Metadata } from "next";
import { listPartners } from "@/server/partners/list-partners";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { PartnersScreen } from "./partners-screen";

export const metadata: Metadata = { title: "Partners" };
export const dynamic = "force-dynamic";

export default async function PartnersPage() {
  await requireAdminPage();
  const initial = await listPartners({ page: 1, per_page: 50 });
  return (
    <div>
      <PageHeader title="Partners" />
      <PartnersScreen initial={initial} />
    </div>
  );
}
