import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { createSignal } from "@/server/signals/create-signal";
import { listSignals, ZListSignalsQuery } from "@/server/signals/list-signals";
import { authenticatePublisher } from "@/server/signals/publisher";
import { ZSignalInput } from "@/server/signals/schemas";
import { toSignalDto } from "@/server/signals/signal-dto";

export const GET = route({ auth: "user", query: ZListSignalsQuery }, async ({ query, user }) => listSignals(query, user));

export const POST = route({ auth: "public" }, async ({ req }) => {
  const publisher = await authenticatePublisher(req.headers.get("authorization"));
  const draft = ZSignalInput.parse(await readJson(req));
  const { signal, created } = await createSignal(draft, publisher.source, publisher.userId);
  return created
    ? json({ message: "✅ Signal broadcasted successfully", signal: toSignalDto(signal) }, 201)
    : json({ message: "Signal already received (same id)", duplicate: true, signal: toSignalDto(signal) }, 200);
});

export const OPTIONS = preflightResponse;
