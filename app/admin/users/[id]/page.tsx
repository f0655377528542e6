import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { toAppError } from "@/server/errors";
import { getUserForAdmin } from "@/server/users/get-user";
import { PageHeader } from "../../_components/states";
import { requireAdminPage } from "../../_lib/require-admin";
import { UserDetail } from "./user-detail";
import { VipMembership } from "./vip-membership";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id: raw } = await params;
  const id = Number(raw);
  if (!/^[1-9]\d{0,9}$/.test(raw) || id > 2_147_483_647) notFound();
  const initial = await getUserForAdmin(id).catch((err: unknown) => {
    if (toAppError(err).code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div>
      <Link href="/admin/users" className="text-sm text-slate-400 underline">
        ← All users
      </Link>
      <PageHeader title={initial.user.username} />
      <UserDetail id={id} initial={initial} />
      <VipMembership id={id} />
    </div>
  );
}
