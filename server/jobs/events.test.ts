// Sending an event of the catalog: the payload is checked against its schema before anything leaves.
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../logger";
import { outboxPending, paymentSubmitted, signalCreated, signalEventRecorded } from "./catalog";
import type { TJobEvent } from "./catalog";
import { emitAfterCommit, emitEvents, setEventDispatcher } from "./events";

const SIGNAL_ID = "0b6f4d2e-8a43-4f57-9c1d-2e5a7b9c0d11";

afterEach(() => {
  setEventDispatcher(undefined);
  vi.restoreAllMocks();
});

function recording() {
  const sent: TJobEvent[] = [];
  setEventDispatcher(async (events) => void sent.push(...events));
  return sent;
}

describe("emitEvents", () => {
  it("sends catalog events as built by their definitions", async () => {
    const sent = recording();
    await emitEvents([signalCreated.create({ signalId: SIGNAL_ID }, { id: `signal-created-${SIGNAL_ID}` }), outboxPending.create({})]);
    expect(sent).toEqual([
      { name: "signal/created", id: `signal-created-${SIGNAL_ID}`, data: { signalId: SIGNAL_ID } },
      { name: "notifications/outbox.pending", data: {} },
    ]);
  });

  it.each([
    ["a field of the wrong type", paymentSubmitted.create({ paymentId: 42 as unknown as string }), "refused event payment/submitted: paymentId"],
    ["a missing field", signalEventRecorded.create({ signalId: SIGNAL_ID } as never), "refused event signal/event.recorded: eventId"],
    ["an unknown field", outboxPending.create({ chat: "vip" } as never), "refused event notifications/outbox.pending"],
    ["a value outside the enum", signalEventRecorded.create({ signalId: SIGNAL_ID, eventId: SIGNAL_ID, type: "TP_MISSED" as never }), "refused event signal/event.recorded: type"],
    ["an event outside the catalog", { name: "signal/deleted", data: {} } as never, "refused event signal/deleted: not in the event catalog"],
  ])("refuses %s: nothing is sent, not even the valid events beside it", async (_what, bad, message) => {
    const sent = recording();
    await expect(emitEvents([outboxPending.create({}), bad])).rejects.toThrow(message);
    expect(sent).toEqual([]);
  });
});

describe("emitAfterCommit", () => {
  it("logs a job engine that is down instead of failing the request", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    setEventDispatcher(() => Promise.reject(new Error("job engine down")));
    await emitAfterCommit([signalCreated.create({ signalId: SIGNAL_ID }, { id: "x" })]);
    expect(logged).toHaveBeenCalledWith("could not emit job events", expect.objectContaining({ event: "signal/created", id: "x" }));
  });

  it("still refuses a payload that does not fit: a bug in the sender is not an outage", async () => {
    const sent = recording();
    await expect(emitAfterCommit([signalCreated.create({ signalId: "7" })])).rejects.toThrow("refused event signal/created: signalId");
    expect(sent).toEqual([]);
  });
});
