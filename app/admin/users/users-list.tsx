"use client";
// Users: search by email or username, filter by (effective) plan and role, paged on the server.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/trpc/root";
import { columnHelper, PagedTable } from "../_components/data-table";
import { FilterSelect, FilterText, useListFilters } from "../_components/filters";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

export type TUsersPage = inferRouterOutputs<AppRouter>["users"]["list"];
type TRow = TUsersPage["users"][number];
const PER_PAGE = 25;

const h = columnHelper<TRow>();
const columns = [
  h.accessor("username", { header: "Username", cell: (c) => <Link href={`/admin/users/${c.row.original.id}`} className="font-medium text-emerald-300 underline">{c.getValue()}</Link> }),
  h.accessor("email", { header: "Email" }),
  h.accessor("plan", { header: "Plan" }),
  h.accessor("plan_expires_at", { header: "Plan expires", cell: (c) => when(c.getValue()) }),
  h.accessor("role", { header: "Role" }),
  h.accessor("created_at", { header: "Registered", cell: (c) => when(c.getValue()) }),
];

export function UsersList({ initial }: { initial: TUsersPage }) {
  const trpc = useTRPC();
  const { filters, update, page, setPage } = useListFilters<{ q?: string; plan?: "TRIAL" | "VIP" | "PREMIUM"; role?: "USER" | "ADMIN" }>();
  const isDefault = page === 1 && !filters.q && !filters.plan && !filters.role;
  const list = useQuery({ ...trpc.users.list.queryOptions({ ...filters, page, per_page: PER_PAGE }), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <FilterText label="Search" search placeholder="email or username" value={filters.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Plan" any="Any plan" options={["TRIAL", "VIP", "PREMIUM"] as const} value={filters.plan} onChange={(plan) => update({ plan })} />
        <FilterSelect label="Role" any="Any role" options={["USER", "ADMIN"] as const} value={filters.role} onChange={(role) => update({ role })} />
      </div>
      <PagedTable
        query={list}
        rows={(d) => d.users}
        what="users"
        empty={isDefault ? "No user has registered yet." : "No user matches this search."}
        caption="Users, newest first"
        columns={columns}
        rowId={(r) => String(r.id)}
        testId="users-table"
        page={page}
        perPage={PER_PAGE}
        noun="users"
        onPage={setPage}
      />
    </div>
  );
}
