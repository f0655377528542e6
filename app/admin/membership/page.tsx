import type { Metadata } from "next";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { MembershipScreen } from "./membership-screen";

export const metadata: Metadata = { title: "VIP group" };
export const dynamic = "force-dynamic";

export default async function MembershipPage() {
  await requireAdminPage();
  return (
    <div>
      <PageHeader title="VIP group" />
      <MembershipScreen />
    </div>
  );
}
