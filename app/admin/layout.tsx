import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { auth, signOut } from "@/auth";
import { getActiveUser } from "@/server/auth/authenticate";
import { DashboardProviders } from "./_components/trpc-provider";
import { SignedInAs } from "./_components/signed-in-as";

/** Only role ADMIN, read fresh from the database: a demoted admin is out on the next request. */
async function requireAdminSession() {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!session || !Number.isSafeInteger(id)) redirect("/login");
  const user = await getActiveUser(id).catch(() => null);
  if (!user || user.role !== "ADMIN") redirect("/login?error=forbidden");
  return user;
}

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminSession();
  return (
    <DashboardProviders>
      <header className="flex items-center justify-between border-b border-slate-800 px-6 py-3">
        <span className="font-semibold">Verzek · Operator</span>
        <div className="flex items-center gap-4 text-sm text-slate-300">
          <SignedInAs />
          <form action={signOutAction}>
            <button className="rounded-md border border-slate-700 px-3 py-1 hover:bg-slate-900">Sign out</button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </DashboardProviders>
  );
}
