// Which changes become pushes, for whom, and in which words (SPEC §11: new signal by tier, a copy
// opened, TP/SL filled, payment verified, halt). The rules read the messages already written for
// Telegram and the users' own notifications, so a push exists exactly when its announcement does;
// who gets it is a SQL condition over the recipient `u` (users), each guarded by the user's
// notification preference.
import { Prisma } from "../db/client";
import type { TOutboxMessage } from "./outbox";
import type { TUserNotification } from "./user-notifications";

export type TPushPreference = "notify_signals" | "notify_trades" | "notify_payments";
export type TPushPlan = {
  kind: string;
  title: string;
  body: string;
  data: Record<string, string>;
  /** Suffixed with each device's token: one push per device, whatever replays happen. */
  dedupeKey: string;
  notBefore?: Date;
  preference: TPushPreference;
  /** Who gets it: a condition over the recipient `u`, or one user (a personal note; set-based in enqueue-pushes.ts). */
  who: Prisma.Sql | { userId: number };
};

const PAID = Prisma.sql`(u.role = 'ADMIN' OR (u.plan IN ('VIP', 'PREMIUM') AND (u.plan_expires_at IS NULL OR u.plan_expires_at > now())))`;
const TRIAL = Prisma.sql`NOT ${PAID}`;
const copiers = (signalId: string, status: "open" | "closed") =>
  status === "open"
    ? Prisma.sql`EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = ${signalId}::uuid AND p.status <> 'FAILED')`
    : Prisma.sql`EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = ${signalId}::uuid AND p.status = 'CLOSED')`;
const HALT_AUDIENCE = Prisma.sql`(u.role = 'ADMIN' OR u.auto_trade_enabled)`;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SIGNAL_KINDS = new Set(["signal", "signal_teaser", "signal_event"]);

/** The pushes that go with these outbox messages (most messages have none). */
export function pushPlansForOutbox(messages: TOutboxMessage[]): TPushPlan[] {
  return messages.flatMap((m): TPushPlan[] => {
    const text = pushText(m.body);
    const signalId = UUID.exec(m.dedupeKey)?.[0];
    if (SIGNAL_KINDS.has(m.kind) && (m.audience === "vip" || m.audience === "trial")) {
      const data = { kind: m.kind, ...(m.kind !== "signal_event" && signalId ? { signal_id: signalId } : {}) };
      return [{ kind: m.kind, ...text, data, dedupeKey: `${m.dedupeKey}:${m.audience}`, notBefore: m.notBefore, preference: "notify_signals", who: m.audience === "vip" ? PAID : TRIAL }];
    }
    // The group hears the aggregate; each copier hears it too, once per signal.
    if (m.kind === "autotrade_opened" && m.audience === "vip" && signalId) {
      return [{ kind: "copy_opened", title: "📈 Your copy opened", body: text.title + (text.body ? `\n${text.body}` : ""), data: { kind: "copy_opened", signal_id: signalId }, dedupeKey: `copy-opened:${signalId}`, preference: "notify_trades", who: copiers(signalId, "open") }];
    }
    if (m.kind === "autotrade_closed" && m.audience === "vip" && signalId) {
      return [{ kind: "copy_closed", title: "🎯 Your copy closed (TP/SL)", body: text.title + (text.body ? `\n${text.body}` : ""), data: { kind: "copy_closed", signal_id: signalId }, dedupeKey: `copy-closed:${signalId}`, preference: "notify_trades", who: copiers(signalId, "closed") }];
    }
    // The switch is announced to two chats with one key: one push, to whoever it stops.
    if (m.kind === "kill_switch" && m.audience === "admin") {
      return [{ kind: "kill_switch", ...text, data: { kind: "kill_switch" }, dedupeKey: m.dedupeKey, preference: "notify_trades", who: HALT_AUDIENCE }];
    }
    return [];
  });
}

/** A user's own notifications (payment verified, rejected, plan reminders) go to that user's phones. */
export function pushPlansForUserNotes(notes: TUserNotification[]): TPushPlan[] {
  return notes.map((n) => ({
    kind: n.kind,
    title: clip(n.title, TITLE_MAX),
    body: clip(n.body, BODY_MAX),
    data: { kind: n.kind },
    dedupeKey: `note:${n.dedupeKey}`,
    preference: "notify_payments",
    who: { userId: n.userId },
  }));
}

const TITLE_MAX = 120;
const BODY_MAX = 600;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&" };

/** Telegram HTML → a push's plain title (first line) and body (the rest). */
export function pushText(html: string): { title: string; body: string } {
  const plain = html
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e)
    .trim();
  const [first = "", ...rest] = plain.split("\n");
  return { title: clip(first.trim(), TITLE_MAX), body: clip(rest.join("\n").trim(), BODY_MAX) };
}
