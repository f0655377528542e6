// /api/inngest without Inngest configured (the in-process job mode): SPEC's error shape, not the
// SDK's 500 "In cloud mode but no signing key found".
import { describe, expect, it } from "vitest";
import { call, expectError } from "@/test/helpers/http";
import { setEnv } from "@/test/helpers/signals";
import { GET, POST, PUT } from "./route";

describe("/api/inngest in the in-process job mode", () => {
  it("answers 503 service_unavailable saying Inngest is not configured, for every method", async () => {
    setEnv({ INNGEST_DEV: undefined, INNGEST_BASE_URL: undefined, INNGEST_SIGNING_KEY: undefined });
    for (const [handler, method] of [[GET, "GET"], [POST, "POST"], [PUT, "PUT"]] as const) {
      const res = await call(handler, { method, path: "/api/inngest", body: method === "GET" ? undefined : {} });
      expect(expectError(res, 503, "service_unavailable").message).toMatch(/Inngest is not configured/);
    }
  });
});
