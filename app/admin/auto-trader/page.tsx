import type { Metadata } from "next";
import { exposureBySymbol, listOpenCopies } from "@/server/analytics/admin-positions";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { AutoTraderScreen } from "./auto-trader-screen";

export const metadata: Metadata = { title: "Auto-trader" };
export const dynamic = "force-dynamic";

export default async function AutoTraderPage() {
  await requireAdminPage();
  const [positions, exposure] = await Promise.all([listOpenCopies({ page: 1, per_page: 25 }), exposureBySymbol()]);
  return (
    <div>
      <PageHeader title="Auto-trader" />
      <AutoTraderScreen initial={{ positions, exposure }} />
    </div>
  );
}
