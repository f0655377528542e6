import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { authenticatePublisher } from "@/server/signals/publisher";
import { recordSignalEvent, ZSignalEventInput } from "@/server/signals/record-event";
import { toEventDto, toSignalDto } from "@/server/signals/signal-dto";

export const POST = route({ auth: "public" }, async ({ req }) => {
  await authenticatePublisher(req.headers.get("authorization"));
  const input = ZSignalEventInput.parse(await readJson(req));
  const { signal, event, created } = await recordSignalEvent(input);
  return json({ created, event: toEventDto(event), signal: toSignalDto(signal) }, created ? 201 : 200);
});

export const OPTIONS = preflightResponse;
