import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { auth, signOut } from "@/auth";
import { getActiveUser, nullIfUnauthenticated } from "@/server/auth/authenticate";
import { logger } from "@/server/logger";
import { DashboardProviders } from "./_components/trpc-provider";
import { SignedInAs } from "./_components/signed-in-as";

type TAdminCheck = { ok: true } | { ok: false; reason: "unavailable" };

/**
 * Only role ADMIN, read fresh from the database: a demoted admin is out on the next request.
 * A failure to read the account (the database not answering) is logged and shown as an error —
 * never as "no access", which would send a rightful admin away with the wrong reason.
 */
async function requireAdminSession(): Promise<TAdminCheck> {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!session || !Number.isSafeInteger(id)) redirect("/login");
  let user;
  try {
    user = await nullIfUnauthenticated(getActiveUser(id));
  } catch (err) {
    logger.error("admin dashboard could not check the signed-in account", { userId: id, err });
    return { ok: false, reason: "unavailable" };
  }
  if (!user || user.role !== "ADMIN") redirect("/login?error=forbidden");
  return { ok: true };
}

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

function Unavailable() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6">
      <h1 className="text-xl font-semibold">The dashboard is unavailable right now</h1>
      <p role="alert" className="rounded-md border border-amber-700 bg-amber-950 px-3 py-2 text-sm text-amber-100">
        The server could not check your account: the database did not answer. This is an error on our side, not a
        question of access — reload the page in a moment. The details are in the server log.
      </p>
    </main>
  );
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const check = await requireAdminSession();
  if (!check.ok) return <Unavailable />;
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
