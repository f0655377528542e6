// The dashboard's signal procedures: the same parse, formatter, services and refusals as REST.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { toAppError } from "@/server/errors";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { longSignal, recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

beforeEach(() => void recordJobEvents());

describe("signals router", () => {
  it("preview shows the VIP and TRIAL texts; create stores what was previewed; TP1 moves the signal", async () => {
    setEnv({ VIP_CHAT_ID: uniqueChatId(), TRIAL_CHAT_ID: uniqueChatId() });
    const { user, token } = await createAdmin();
    const admin = await callerAs(token);
    const symbol = uniqueSymbol();
    const input = longSignal(symbol, { confidence: "High" });
    const preview = await admin.signals.preview(input);
    expect(preview.vip).toContain(`Entry: 100 - Stop Loss: 90`);
    expect(preview.vip).toContain("Targets: 110 - 120 - 130");
    expect(preview.trial).toContain("Details visible for #VIP members");

    const created = await admin.signals.create(input);
    expect(created.signal).toMatchObject({ symbol, source: "ADMIN", status: "OPEN", confidence_label: "High" });
    const sent = async (audience: string) => (await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `signal:${created.signal.id}:${audience}` } })).body;
    expect(await sent("vip")).toBe(preview.vip);
    expect(await sent("trial")).toBe(preview.trial);
    expect((await db().signal.findUniqueOrThrow({ where: { id: created.signal.id } })).createdById).toBe(user.id);

    const listed = await admin.signals.list({ symbol, source: "ADMIN", page: 1, per_page: 10 });
    expect(listed.signals.map((s) => s.id)).toEqual([created.signal.id]);

    const tp1 = await admin.signals.event({ signal_id: created.signal.id, type: "TP_HIT", target: 1 });
    expect(tp1).toMatchObject({ created: true, signal: { status: "TP_PARTIAL", targets_hit: 1 } });
    const detail = await admin.signals.get({ id: created.signal.id });
    expect(detail.events.map((e) => [e.type, e.target])).toEqual([["TP_HIT", 1]]);
  });

  it("refuses a broken price order naming the field, a subscriber (FORBIDDEN) and anonymous callers", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const err = await trpcError(admin.signals.preview(longSignal(uniqueSymbol(), { stop_loss: 105 })));
    expect(err.code).toBe("BAD_REQUEST");
    expect(toAppError(err.cause).field).toBe("stop_loss");
    const subscriber = await callerAs((await createUser({ plan: "PREMIUM" })).token);
    expect((await trpcError(subscriber.signals.create(longSignal(uniqueSymbol())))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.signals.list({ page: 1, per_page: 10 }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).signals.preview(longSignal(uniqueSymbol())))).code).toBe("UNAUTHORIZED");
  });
});
