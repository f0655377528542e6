import type { Metadata } from "next";
import { listPayments } from "@/server/payments/get-payment";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { PaymentsScreen } from "./payments-screen";

export const metadata: Metadata = { title: "Payments" };
export const dynamic = "force-dynamic";

export default async function PaymentsPage() {
  await requireAdminPage();
  const pending = await listPayments({ status: "PENDING", page: 1, per_page: 100 });
  return (
    <div>
      <PageHeader title="Payments" />
      <PaymentsScreen pending={pending} />
    </div>
  );
}
