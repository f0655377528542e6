import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { auth, signIn, signOut } from "@/auth";

export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, string> = {
  invalid_credentials: "Invalid email or password.",
  rate_limited: "Too many attempts. Wait a few minutes and try again.",
  forbidden: "This account has no access to the operator dashboard.",
  unavailable: "Sign-in is unavailable right now: the server could not check your account. Try again in a moment.",
};

async function signInAction(formData: FormData) {
  "use server";
  try {
    await signIn("credentials", {
      email: formData.get("email"),
      password: formData.get("password"),
      redirectTo: "/admin",
    });
  } catch (err) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are ours to show.
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "invalid_credentials";
      redirect(`/login?error=${encodeURIComponent(code)}`);
    }
    throw err;
  }
}

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const session = await auth();
  const refused = session?.user && session.user.role !== "ADMIN";
  const message = refused ? MESSAGES.forbidden : error ? (MESSAGES[error] ?? MESSAGES.invalid_credentials) : undefined;

  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Operator sign-in</h1>
      {message && (
        <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-200">
          {message}
        </p>
      )}
      {refused ? (
        <form action={signOutAction}>
          <p className="mb-4 text-sm text-slate-400">Signed in as {session.user.email}.</p>
          <button className="w-full rounded-md border border-slate-700 px-4 py-2 hover:bg-slate-900">Sign out</button>
        </form>
      ) : (
        <form action={signInAction} className="flex flex-col gap-4">
          <label className="flex flex-col gap-1 text-sm">
            Email
            <input name="email" type="email" required autoComplete="username" className="rounded-md border border-slate-700 bg-slate-900 px-3 py-2" />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Password
            <input name="password" type="password" required autoComplete="current-password" className="rounded-md border border-slate-700 bg-slate-900 px-3 py-2" />
          </label>
          <button type="submit" className="rounded-md bg-emerald-500 px-4 py-2 font-medium text-slate-950 hover:bg-emerald-400">
            Sign in
          </button>
        </form>
      )}
    </main>
  );
}
