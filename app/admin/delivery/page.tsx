import type { Metadata } from "next";
import { listDeliveryChats } from "@/server/notifications/delivery-status";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { DeliveryScreen } from "./delivery-screen";

export const metadata: Metadata = { title: "Telegram delivery" };
export const dynamic = "force-dynamic";

export default async function DeliveryPage() {
  await requireAdminPage();
  const initial = await listDeliveryChats({ page: 1, per_page: 20 });
  return (
    <div>
      <PageHeader title="Telegram delivery" />
      <DeliveryScreen initial={initial} />
    </div>
  );
}
