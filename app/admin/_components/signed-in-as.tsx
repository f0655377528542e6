"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc-provider";

export function SignedInAs() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  if (me.isPending) return <span className="text-slate-500">…</span>;
  if (me.isError) return <span className="text-rose-400">session expired</span>;
  return (
    <span data-testid="signed-in-as">
      {me.data.username} · {me.data.email}
    </span>
  );
}
