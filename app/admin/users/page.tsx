import type { Metadata } from "next";
import { listUsers } from "@/server/users/list-users";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { UsersList } from "./users-list";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  await requireAdminPage();
  const initial = await listUsers({ page: 1, per_page: 25 });
  return (
    <div>
      <PageHeader title="Users" />
      <UsersList initial={initial} />
    </div>
  );
}
