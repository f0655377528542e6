import type { ReactNode } from "react";
import { signOut } from "@/auth";
import { logger } from "@/server/logger";
import { getSafetyWidget } from "@/server/risk/safety";
import { HaltBanner, TradingState, type TSafetyWidget } from "./_components/halt-banner";
import { LiveStatus, LiveUpdates } from "./_components/live-updates";
import { Nav } from "./_components/nav";
import { SignedInAs } from "./_components/signed-in-as";
import { DashboardProviders } from "./_components/trpc-provider";
import { checkAdmin } from "./_lib/require-admin";

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

/** The banner's first paint; if it cannot be read here the browser asks again (it is not an access question). */
async function initialSafety(): Promise<TSafetyWidget | null> {
  try {
    return await getSafetyWidget();
  } catch (err) {
    logger.error("admin dashboard could not read the safety state for the banner", { err });
    return null;
  }
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // Only role ADMIN, read fresh from the database (every page checks again: _lib/require-admin.ts).
  const check = await checkAdmin();
  if (!check.ok) return <Unavailable />;
  const safety = await initialSafety();
  return (
    <DashboardProviders>
      <LiveUpdates>
      <div className="flex min-h-screen">
        <aside className="w-52 shrink-0 border-r border-slate-800 bg-slate-950">
          <p className="px-6 py-4 font-semibold">Verzek · Operator</p>
          <Nav />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <HaltBanner initial={safety} />
          <header className="flex flex-wrap items-center justify-end gap-4 border-b border-slate-800 px-6 py-3 text-sm text-slate-300">
            <TradingState initial={safety} />
            <LiveStatus />
            <SignedInAs />
            <form action={signOutAction}>
              <button className="rounded-md border border-slate-700 px-3 py-1 hover:bg-slate-900">Sign out</button>
            </form>
          </header>
          <main className="w-full max-w-6xl px-6 py-6">{children}</main>
        </div>
      </div>
      </LiveUpdates>
    </DashboardProviders>
  );
}
