"use client";
// Users: search by email or username, filter by (effective) plan and role, paged on the server.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { columnHelper, DataTable, Pager } from "../_components/data-table";
import { Empty, ErrorState, inputClass, Loading } from "../_components/states";
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
  const [filters, setFilters] = useState<{ q?: string; plan?: "TRIAL" | "VIP" | "PREMIUM"; role?: "USER" | "ADMIN" }>({});
  const [page, setPage] = useState(1);
  const isDefault = page === 1 && !filters.q && !filters.plan && !filters.role;
  const list = useQuery({ ...trpc.users.list.queryOptions({ ...filters, page, per_page: PER_PAGE }), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });
  const ids = { q: useId(), plan: useId(), role: useId() };
  const update = (patch: typeof filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label htmlFor={ids.q} className="flex flex-col gap-1">
          Search
          <input id={ids.q} type="search" className={inputClass} placeholder="email or username" value={filters.q ?? ""} onChange={(e) => update({ q: e.target.value.trim() || undefined })} />
        </label>
        <label htmlFor={ids.plan} className="flex flex-col gap-1">
          Plan
          <select id={ids.plan} className={inputClass} value={filters.plan ?? ""} onChange={(e) => update({ plan: (e.target.value || undefined) as typeof filters.plan })}>
            <option value="">Any plan</option>
            <option>TRIAL</option>
            <option>VIP</option>
            <option>PREMIUM</option>
          </select>
        </label>
        <label htmlFor={ids.role} className="flex flex-col gap-1">
          Role
          <select id={ids.role} className={inputClass} value={filters.role ?? ""} onChange={(e) => update({ role: (e.target.value || undefined) as typeof filters.role })}>
            <option value="">Any role</option>
            <option>USER</option>
            <option>ADMIN</option>
          </select>
        </label>
      </div>
      {list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading what="users" />
      ) : list.data.users.length === 0 ? (
        <Empty>{isDefault ? "No user has registered yet." : "No user matches this search."}</Empty>
      ) : (
        <>
          <DataTable caption="Users, newest first" columns={columns} data={list.data.users} rowId={(r) => String(r.id)} testId="users-table" />
          <Pager page={page} perPage={PER_PAGE} total={list.data.total} noun="users" onPage={setPage} />
        </>
      )}
    </div>
  );
}
