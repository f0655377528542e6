import type { Metadata } from "next";
import { getSafetyStatus } from "@/server/risk/safety";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { RiskScreen } from "./risk-screen";

export const metadata: Metadata = { title: "Risk & safety" };
export const dynamic = "force-dynamic";

export default async function RiskPage() {
  const admin = await requireAdminPage();
  const initial = await getSafetyStatus(admin);
  return (
    <div>
      <PageHeader title="Risk & safety" />
      <RiskScreen initial={initial} />
    </div>
  );
}
