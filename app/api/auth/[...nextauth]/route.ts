import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { withBodyLimit } from "@/server/http/read-json";

export const { GET } = handlers;
// The sign-in form is a few hundred bytes: the same cap as every other body.
export const POST = withBodyLimit((req: Request) => handlers.POST(new NextRequest(req)));
