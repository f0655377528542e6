import "server-only";
// The admin check of every /admin request: the layout AND each page call it (a client-side
// navigation renders the page without re-running the layout). React's cache makes it one
// database read per request. The role is read fresh, so a demoted admin is out on the next request.
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getActiveUser, nullIfUnauthenticated, type TAuthUser } from "@/server/auth/authenticate";
import { logger } from "@/server/logger";

export type TAdminCheck = { ok: true; admin: TAuthUser } | { ok: false; reason: "unavailable" };

/**
 * A failure to read the account (the database not answering) is logged and reported as
 * unavailable — never as "no access", which would send a rightful admin away with the wrong reason.
 */
export const checkAdmin = cache(async (): Promise<TAdminCheck> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!session || !Number.isSafeInteger(id)) redirect("/login");
  let user;
  try {
    user = await nullIfUnauthenticated(getActiveUser({ userId: id, version: session.user.ver }));
  } catch (err) {
    logger.error("admin dashboard could not check the signed-in account", { userId: id, err });
    return { ok: false, reason: "unavailable" };
  }
  if (!user || user.role !== "ADMIN") redirect("/login?error=forbidden");
  return { ok: true, admin: user };
});

/** For pages: the admin, or a redirect; an unreadable account is an error (the error boundary shows it). */
export async function requireAdminPage(): Promise<TAuthUser> {
  const check = await checkAdmin();
  if (!check.ok) throw new Error("The signed-in account could not be checked (database unavailable)");
  return check.admin;
}
