// Issue 15.2: one body cap for every way in — tRPC, the Auth.js routes and REST — refused early
// by Content-Length, and by counting when the body is streamed, without holding it in memory.
import { describe, expect, it } from "vitest";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as loginPost } from "@/app/api/auth/login/route";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { POST as telegramPost } from "@/app/api/telegram/webhook/route";
import { MAX_BODY_BYTES } from "./read-json";

const MB = 1024 * 1024;
const CHUNK = 16 * 1024;

/** A lazily made body of `total` bytes that records how much of it was ever pulled. */
function meteredStream(total: number, fill = "a") {
  const meter = { pulled: 0 };
  const chunk = new TextEncoder().encode(fill.repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (meter.pulled >= total) return controller.close();
      meter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, meter };
}

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

const ways: { name: string; path: string; type: string; handler: THandler; params: Record<string, string> }[] = [
  { name: "tRPC payments.initiate (anonymous)", path: "/api/trpc/payments.initiate", type: "application/json", handler: trpcPost, params: { trpc: "payments.initiate" } },
  { name: "Auth.js credentials callback", path: "/api/auth/callback/credentials", type: "application/x-www-form-urlencoded", handler: nextAuthPost, params: { nextauth: "callback/credentials" } },
  { name: "REST login", path: "/api/auth/login", type: "application/json", handler: loginPost, params: {} },
  { name: "Telegram webhook", path: "/api/telegram/webhook", type: "application/json", handler: telegramPost, params: {} },
];

async function expect413(res: Response): Promise<void> {
  expect(res.status).toBe(413);
  const body = (await res.json()) as { error: string; message: string };
  expect(body).toEqual({ error: "payload_too_large", message: `Body must be at most ${MAX_BODY_BYTES} bytes` });
}

describe.each(ways)("$name", ({ path, type, handler, params }) => {
  it("answers 413 to a declared 50 MB body without reading any of it", async () => {
    const { stream, meter } = meteredStream(50 * MB);
    const req = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": type, "content-length": String(50 * MB) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect413(await handler(req, ctx(params)));
    expect(meter.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("answers 413 to a chunked 50 MB body, stopping at the cap", async () => {
    const { stream, meter } = meteredStream(50 * MB, "{");
    const req = new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": type }, body: stream, duplex: "half" } as RequestInit);
    const before = process.memoryUsage().arrayBuffers;
    await expect413(await handler(req, ctx(params)));
    // Read up to the cap plus what the stream had queued: nowhere near the 50 MB sent.
    expect(meter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MB);
  });

  it("answers 413 to a body that declares less than it sends", async () => {
    const { stream } = meteredStream(MB);
    const req = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": type, "content-length": "100" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect413(await handler(req, ctx(params)));
  });
});

describe("bodies under the cap", () => {
  it("reach tRPC as before: a small anonymous payments.initiate is answered by the procedure", async () => {
    const res = await trpcPost(
      new Request("http://localhost/api/trpc/payments.initiate", {
        method: "POST",
        // Any bearer header keeps the dashboard-session lookup (next/headers) out of a test.
        headers: { "content-type": "application/json", authorization: "Bearer not-a-token" },
        body: JSON.stringify({ email: "nobody@example.test", plan: "VIP", tx_hash: "zz", network: "TRC20" }),
      }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("tx_hash");
  });
});
