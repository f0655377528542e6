// Dashboard sign-in (Auth.js v5): credentials checked against the same users table and the same
// rate limit as the app's login; a JWT session carries the id and role. The /admin layout
// re-reads the role from the database on every request.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { checkCredentials } from "@/server/auth/login";
import { ZLoginInput } from "@/server/auth/schemas";
import { env } from "@/server/env";
import { toAppError } from "@/server/errors";
import { clientIp } from "@/server/http/client-ip";
import { logger } from "@/server/logger";

declare module "next-auth" {
  interface Session {
    /** ver: the token version signed in under; "sign out everywhere" raises it (authenticate.ts). */
    user: { id: string; role: "USER" | "ADMIN"; ver?: number } & DefaultSession["user"];
  }
  interface User {
    role?: "USER" | "ADMIN";
    tokenVersion?: number;
  }
}

class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
class NoAccess extends CredentialsSignin {
  override code = "forbidden";
}
/** The account could not be checked (the database did not answer): an error, never a refusal. */
class SignInUnavailable extends CredentialsSignin {
  override code = "unavailable";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  pages: { signIn: "/login" },
  // A refused sign-in is an answer, not an error: keep Auth.js from logging a stack for each.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      logger.error("auth error", { err: error });
    },
    warn(code) {
      logger.warn("auth warning", { code });
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = ZLoginInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        try {
          const user = await checkCredentials(parsed.data, clientIp(request));
          return { id: String(user.id), email: user.email, name: user.username, role: user.role, tokenVersion: user.tokenVersion };
        } catch (err) {
          const code = toAppError(err).code;
          if (code === "RATE_LIMITED") throw new RateLimited();
          if (code === "INVALID_CREDENTIALS") throw new InvalidCredentials();
          if (code === "FORBIDDEN") throw new NoAccess();
          logger.error("dashboard sign-in could not check the account", { err });
          throw new SignInUnavailable();
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.role = user.role;
        token.ver = user.tokenVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = token.role === "ADMIN" ? "ADMIN" : "USER";
      if (typeof token.ver === "number") session.user.ver = token.ver;
      return session;
    },
    authorized({ auth: session, request }) {
      if (request.nextUrl.pathname.startsWith("/admin")) return session?.user?.role === "ADMIN";
      return true;
    },
  },
}));
