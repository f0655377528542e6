import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { auth } from "@/auth";
import { clientIp } from "@/server/http/client-ip";
import { withBodyLimit } from "@/server/http/read-json";
import { createTrpcContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

const handler = withBodyLimit((req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const authorization = req.headers.get("authorization");
      const session = authorization ? null : await auth();
      return createTrpcContext({ authorization, sessionUserId: session?.user?.id, sessionVersion: session?.user?.ver, ip: clientIp(req) });
    },
  }),
);

export { handler as GET, handler as POST };
