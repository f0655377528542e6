// A local stand-in for the Telegram Bot API that speaks its wire format, so the real grammy
// client runs against it: `POST ${apiRoot}/bot<token>/<method>` with a JSON, urlencoded or
// multipart body (query-string parameters too), answered with `{ok:true,result}` or
// `{ok:false,error_code,description,parameters?}` and the matching HTTP status.
// Shared by unit, integration and e2e tests, so it imports no test framework.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, type Socket } from "node:net";

/** `chatId`: only calls to that chat fail (other traffic, e.g. group posts, goes through). */
export type TFakeFailure = (
  | { code: 429; retryAfter: number; method?: string }
  | { code: 500; description?: string; method?: string }
  | { code: 400 | 403; description?: string; method?: string }
) & { chatId?: string | number };

export type TSentMessage = { chatId: string; text: string; parseMode: string | null; at: Date; messageId: number };
/** Every request with the right token, and the status it got: 0 while a long poll is held, 499 if the client left. */
export type TFakeCall = { method: string; params: Record<string, unknown>; at: Date; status: number };

/** The most calls in any sliding second (Telegram's global flood window) among `calls`. */
export function busiestSlidingSecond(calls: readonly Pick<TFakeCall, "at">[]): number {
  const times = calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}
export type TFakeChannelPost = {
  chatId: string | number;
  messageId: number;
  text: string;
  replyToMessageId?: number;
  title?: string;
  date?: Date;
  /** Queue it as `edited_channel_post` instead. */
  edited?: boolean;
};

/** A Telegram user as updates carry it (`User`). */
export type TFakeUser = { id: number; username?: string; first_name?: string };
export type TFakeLimits = {
  /** Bot API requests a second over all methods (Telegram: about 30). */
  globalPerSecond?: number;
  /** Messages a minute to one group or channel (Telegram: 20). */
  groupMessagesPerMinute?: number;
};

export type TFakeTelegram = {
  apiRoot: string;
  token: string;
  sent: TSentMessage[];
  calls: TFakeCall[];
  sentTo(chatId: string | number): TSentMessage[];
  /** The next n calls of `failure.method` (default sendMessage) fail with this error. */
  failNext(n: number, failure: TFakeFailure): void;
  /** Destroys every open socket and each new one on arrival: clients see a network error (socket hang up). */
  goDown(): void;
  /** How many connections were dropped on arrival while down (a client trying to reach the API). */
  refusedConnections(): number;
  /** Keeps each sendMessage unanswered (Telegram not responding) until comeBack() answers them. */
  stall(): void;
  comeBack(): void;
  /** 429 with retry_after once a chat got n messages in the last 60 s; null lifts the limit. */
  rateLimitPerChatPerMinute(n: number | null): void;
  /** Queues an update for getUpdates and wakes a waiting long poll; returns its update_id. */
  pushChannelPost(post: TFakeChannelPost): number;
  /** A user writes to the bot in private (e.g. "/start <token>"); returns the update_id. */
  pushPrivateMessage(from: TFakeUser, text: string): number;
  /** A user asks to join a group through a join-request link; pending until approved or declined. */
  pushJoinRequest(chatId: string | number, from: TFakeUser, inviteLink?: string): number;
  /** A member's status changes by itself (joined another way, left): a chat_member update. */
  setMemberStatus(chatId: string | number, user: TFakeUser, status: TMemberStatus): number;
  memberStatus(chatId: string | number, userId: number): TMemberStatus;
  pendingJoinRequests(chatId: string | number): number[];
  /** The user blocked the bot: private messages to them answer 403. */
  blockBot(userId: number): void;
  /** Takes the queued updates (as getUpdates would give them) to post to a webhook by hand. */
  takeUpdates(): TUpdate[];
  /** The webhook as setWebhook left it (url, secret_token, allowed_updates; empty list = Telegram's default). */
  webhook(): { url: string; secretToken: string; allowedUpdates: string[] };
  /** Turns on Telegram's flood limits: over them a call answers 429 with retry_after. */
  enforceLimits(limits: TFakeLimits | null): void;
  /** How many calls answered 429 because of enforceLimits or rateLimitPerChatPerMinute. */
  tooManyRequests(): number;
  close(): Promise<void>;
};

export type TMemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";
export type TUpdate = { update_id: number } & Record<string, unknown>;
type TAnswer = { status: number; body: unknown };
type TWaiter = { answer: (a: TAnswer) => void; limit: number; timer: NodeJS.Timeout };

// The tags Telegram's HTML style allows (https://core.telegram.org/bots/api#html-style).
const TAGS = new Set(
  ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"],
);
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
const FAILURE_TEXT = {
  500: "Internal Server Error",
  400: "Bad Request: chat not found",
  403: "Forbidden: bot was kicked from the channel chat",
};

const chatIdOf = (params: Record<string, unknown>) => (typeof params.chat_id === "number" || typeof params.chat_id === "string" ? String(params.chat_id) : "");
const ok = (result: unknown): TAnswer => ({ status: 200, body: { ok: true, result } });
function fail(code: number, description: string, parameters?: Record<string, unknown>): TAnswer {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

/** Telegram's HTML parse mode, as strict as Telegram: unknown or unbalanced tags fail; a stray `&` passes. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const at = (i: number) => Buffer.byteLength(html.slice(0, i));
  const open: string[] = [];
  let text = "";
  for (let i = 0; i < html.length; ) {
    const ch = html[i]!;
    if (ch === "&") {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i.exec(html.slice(i, i + 12));
      const decoded = m ? decodeEntity(m[1]!.toLowerCase()) : undefined;
      text += decoded ?? "&";
      i += decoded !== undefined && m ? m[0].length : 1;
      continue;
    }
    if (ch !== "<") {
      text += ch;
      i += 1;
      continue;
    }
    const end = html.indexOf(">", i);
    if (end < 0) return { error: `Unclosed start tag at byte offset ${at(i)}` };
    const inner = html.slice(i + 1, end);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const expected = open.pop();
      if (expected === undefined) return { error: `Unexpected end tag at byte offset ${at(i)}` };
      if (name !== "" && name !== expected) return { error: `Unmatched end tag at byte offset ${at(i)}, expected "</${expected}>", found "</${name}>"` };
    } else {
      const name = (/^[^\s/]*/.exec(inner)?.[0] ?? "").toLowerCase();
      if (!TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${at(i)}` };
      open.push(name);
    }
    i = end + 1;
  }
  const last = open.at(-1);
  return last ? { error: `Can't find end tag corresponding to start tag "${last}"` } : { text };
}

function decodeEntity(name: string): string | undefined {
  const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : name.startsWith("#") ? Number(name.slice(1)) : NaN;
  if (Number.isNaN(code)) return ENTITIES[name];
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return params;
  if (type.includes("json")) return { ...params, ...(JSON.parse(body.toString("utf8")) as Record<string, unknown>) };
  // Form bodies carry nested objects as JSON strings, as the Bot API accepts them.
  const form = await new Request("http://fake/", { method: "POST", headers: { "content-type": type }, body }).formData();
  for (const [key, value] of form) {
    const s = typeof value === "string" ? value : await value.text();
    params[key] = /^[[{]/.test(s) ? JSON.parse(s) : s;
  }
  return params;
}

export type TFakeTelegramOptions = {
  token?: string;
  botUsername?: string;
  /** The fake's clock in ms (default the real one): its per-chat window and the times it records. */
  now?: () => number;
  /** A fixed port (an e2e server configured before the fake starts); a free one by default. */
  port?: number;
};

export async function startFakeTelegram(options: TFakeTelegramOptions = {}): Promise<TFakeTelegram> {
  const clock = options.now ?? Date.now;
  const token = options.token ?? "123456:TEST-TOKEN";
  const botUser = {
    id: Number(token.split(":")[0]) || 123456,
    is_bot: true,
    first_name: "Verzek Test Bot",
    username: options.botUsername ?? "verzek_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const sent: TSentMessage[] = [];
  const calls: TFakeCall[] = [];
  const failures: (TFakeFailure & { method: string })[] = [];
  const sockets = new Set<Socket>();
  const recent = new Map<string, number[]>();
  const lastMessageId = new Map<string, number>();
  const posts = new Map<string, Record<string, unknown>>();
  const usernameIds = new Map<string, number>();
  let queue: TUpdate[] = [];
  let nextUpdateId = 1;
  let waiter: TWaiter | null = null;
  let allowedUpdates: string[] = [];
  let webhookUrl = "";
  let webhookSecret = "";
  let down = false;
  let refused = 0;
  let stalled = false;
  const held: (() => void)[] = [];
  let perChatLimit: number | null = null;
  let limits: TFakeLimits | null = null;
  let limited = 0;
  const globalWindow: number[] = [];
  const groupWindows = new Map<string, number[]>();
  const users = new Map<number, TFakeUser>();
  const blocked = new Set<number>();
  /** chat id → user id → status */
  const members = new Map<string, Map<number, TMemberStatus>>();
  const joinRequests = new Map<string, Set<number>>();
  let nextLink = 1;

  const chatOf = (chatId: string) => {
    let id = Number(chatId);
    if (chatId.startsWith("@")) {
      id = usernameIds.get(chatId) ?? -1_000_000_000_001 - usernameIds.size;
      usernameIds.set(chatId, id);
    }
    const type = chatId.startsWith("@") || chatId.startsWith("-100") ? "channel" : id < 0 ? "group" : "private";
    return type === "private" ? { id, type, first_name: "Test User" } : { id, type, title: `Test ${type} ${chatId}` };
  };
  const newMessageId = (chatId: string, id?: number) => {
    const next = id ?? (lastMessageId.get(chatId) ?? 0) + 1;
    lastMessageId.set(chatId, Math.max(next, lastMessageId.get(chatId) ?? 0));
    return next;
  };
  // Telegram's default (no list, or an empty one) is every type but these.
  const OPT_IN_ONLY = ["chat_member", "message_reaction", "message_reaction_count"];
  const deliverable = () => {
    const wanted = (k: string) => (allowedUpdates.length === 0 ? !OPT_IN_ONLY.includes(k) : allowedUpdates.includes(k));
    queue = queue.filter((u) => Object.keys(u).some((k) => k !== "update_id" && wanted(k)));
    return queue;
  };

  function sendMessage(params: Record<string, unknown>): TAnswer {
    const chatId = typeof params.chat_id === "number" || typeof params.chat_id === "string" ? String(params.chat_id) : "";
    if (!chatId) return fail(400, "Bad Request: chat_id is empty");
    const raw = typeof params.text === "string" ? params.text : "";
    const parseMode = typeof params.parse_mode === "string" && params.parse_mode !== "" ? params.parse_mode : null;
    const parsed = parseMode?.toUpperCase() === "HTML" ? parseTelegramHtml(raw) : { text: raw };
    if ("error" in parsed) return fail(400, `Bad Request: can't parse entities: ${parsed.error}`);
    if (parsed.text.trim() === "") return fail(400, "Bad Request: message text is empty");
    if (parsed.text.length > 4096) return fail(400, "Bad Request: message is too long");
    const now = clock();
    if (isPrivateChat(chatId) && blocked.has(Number(chatId))) return fail(403, "Forbidden: bot was blocked by the user");
    const window = (recent.get(chatId) ?? []).filter((t) => t > now - 60_000);
    if (perChatLimit !== null && window.length >= perChatLimit) {
      const retryAfter = Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
      limited += 1;
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    recent.set(chatId, [...window, now]);
    const messageId = newMessageId(chatId);
    sent.push({ chatId, text: raw, parseMode, at: new Date(now), messageId });
    const chat = chatOf(chatId);
    const author = chat.type === "channel" ? { sender_chat: chat } : { from: botUser };
    return ok({ message_id: messageId, date: Math.floor(now / 1000), chat, ...author, text: parsed.text });
  }

  function isPrivateChat(chatId: string): boolean {
    return !chatId.startsWith("-") && !chatId.startsWith("@");
  }

  /** Telegram's flood control: the global budget for every call, the group budget for messages. */
  function overLimit(method: string, params: Record<string, unknown>): TAnswer | null {
    if (!limits || ["getupdates", "getme", "setwebhook", "deletewebhook"].includes(method)) return null;
    const now = clock();
    const tooMany = (retryAfter: number) => {
      limited += 1;
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    };
    while (globalWindow.length > 0 && globalWindow[0]! <= now - 1000) globalWindow.shift();
    if (limits.globalPerSecond && globalWindow.length >= limits.globalPerSecond) return tooMany(1);
    const chatId = chatIdOf(params);
    if (method === "sendmessage" && limits.groupMessagesPerMinute && chatId.startsWith("-")) {
      const window = (groupWindows.get(chatId) ?? []).filter((t) => t > now - 60_000);
      if (window.length >= limits.groupMessagesPerMinute) return tooMany(Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000)));
      groupWindows.set(chatId, [...window, now]);
    }
    globalWindow.push(now);
    return null;
  }

  const userOf = (id: number) => {
    const u = users.get(id);
    return { id, is_bot: false, first_name: u?.first_name ?? `User ${id}`, ...(u?.username ? { username: u.username } : {}) };
  };
  const memberOf = (chatId: string, userId: number) => members.get(chatId)?.get(userId) ?? "left";
  const groupChat = (chatId: string) => ({ id: Number(chatId), type: "supergroup", title: `Test group ${chatId}` });
  function pushUpdate(update: Record<string, unknown>): number {
    const update_id = nextUpdateId++;
    queue.push({ update_id, ...update });
    if (waiter && deliverable().length > 0) endWait();
    return update_id;
  }
  /** Records a status change and tells the bot with a chat_member update, as Telegram does. */
  function changeMember(chatId: string, userId: number, status: TMemberStatus, by: Record<string, unknown> = botUser): number | null {
    const old = memberOf(chatId, userId);
    if (old === status) return null;
    if (!members.has(chatId)) members.set(chatId, new Map());
    members.get(chatId)!.set(userId, status);
    const user = userOf(userId);
    const date = Math.floor(clock() / 1000);
    return pushUpdate({
      chat_member: {
        chat: groupChat(chatId),
        from: by,
        date,
        old_chat_member: { status: old, user },
        new_chat_member: { status, user, ...(status === "kicked" ? { until_date: 0 } : {}) },
      },
    });
  }
  const idParams = (params: Record<string, unknown>) => ({ chatId: chatIdOf(params), userId: Number(params.user_id) });

  function memberCall(method: string, params: Record<string, unknown>): TAnswer {
    const { chatId, userId } = idParams(params);
    if (!chatId) return fail(400, "Bad Request: chat_id is empty");
    if (!Number.isSafeInteger(userId) || userId <= 0) return fail(400, "Bad Request: invalid user_id specified");
    const pending = joinRequests.get(chatId) ?? new Set<number>();
    switch (method) {
      case "approvechatjoinrequest":
        if (!pending.delete(userId)) return fail(400, "Bad Request: HIDE_REQUESTER_MISSING");
        changeMember(chatId, userId, "member");
        return ok(true);
      case "declinechatjoinrequest":
        if (!pending.delete(userId)) return fail(400, "Bad Request: HIDE_REQUESTER_MISSING");
        return ok(true);
      case "banchatmember":
        changeMember(chatId, userId, "kicked");
        return ok(true);
      case "unbanchatmember": {
        const status = memberOf(chatId, userId);
        const onlyIfBanned = params.only_if_banned === true || params.only_if_banned === "true";
        // Without only_if_banned, unbanning a member removes them (Telegram's documented quirk).
        if (status === "kicked" || (!onlyIfBanned && status !== "creator" && status !== "administrator")) changeMember(chatId, userId, "left");
        return ok(true);
      }
      default: // getchatmember
        return ok({ status: memberOf(chatId, userId), user: userOf(userId) });
    }
  }

  function getUpdates(params: Record<string, unknown>, answer: (a: TAnswer) => void): void {
    if (webhookUrl) return answer(fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")); // prettier-ignore
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Number(params.timeout ?? 0);
    if (Array.isArray(params.allowed_updates)) allowedUpdates = params.allowed_updates.map(String);
    // Telegram forgets every update before a positive offset; a negative one keeps the last -offset.
    if (offset > 0) queue = queue.filter((u) => u.update_id >= offset);
    if (offset < 0) queue = queue.slice(offset);
    // Like Telegram, a second poller ends the first one's long poll.
    if (waiter) endWait(fail(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")); // prettier-ignore
    if (deliverable().length > 0 || !(timeout > 0)) return answer(ok(queue.slice(0, limit)));
    waiter = { answer, limit, timer: setTimeout(() => endWait(ok([])), timeout * 1000) };
  }
  function endWait(a?: TAnswer): void {
    if (!waiter) return;
    const w = waiter;
    waiter = null;
    clearTimeout(w.timer);
    w.answer(a ?? ok(deliverable().slice(0, w.limit)));
  }

  function call(method: string, params: Record<string, unknown>, answer: (a: TAnswer) => void): void {
    const f = failures.find((x) => x.method.toLowerCase() === method && (x.chatId === undefined || String(x.chatId) === chatIdOf(params)));
    if (f) {
      failures.splice(failures.indexOf(f), 1);
      if (f.code === 429) return answer(fail(429, `Too Many Requests: retry after ${f.retryAfter}`, { retry_after: f.retryAfter }));
      return answer(fail(f.code, f.description ?? FAILURE_TEXT[f.code]));
    }
    if (stalled && method === "sendmessage") return void held.push(() => answer(sendMessage(params)));
    const flood = overLimit(method, params);
    if (flood) return answer(flood);
    switch (method) {
      case "createchatinvitelink": {
        const chatId = chatIdOf(params);
        if (!chatId) return answer(fail(400, "Bad Request: chat_id is empty"));
        const joinRequest = params.creates_join_request === true || params.creates_join_request === "true";
        if (joinRequest && params.member_limit !== undefined) return answer(fail(400, "Bad Request: can't combine member_limit with creates_join_request")); // prettier-ignore
        return answer(
          ok({
            invite_link: `https://t.me/+fake${nextLink++}`,
            creator: botUser,
            creates_join_request: joinRequest,
            is_primary: false,
            is_revoked: false,
            ...(typeof params.name === "string" ? { name: params.name } : {}),
          }),
        );
      }
      case "approvechatjoinrequest":
      case "declinechatjoinrequest":
      case "banchatmember":
      case "unbanchatmember":
      case "getchatmember":
        return answer(memberCall(method, params));
      case "getme":
        return answer(ok(botUser));
      case "sendmessage":
        return answer(sendMessage(params));
      case "getupdates":
        return getUpdates(params, answer);
      case "deletewebhook":
        webhookUrl = "";
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") queue = [];
        return answer(ok(true));
      case "setwebhook": {
        const url = typeof params.url === "string" ? params.url : "";
        if (url !== "" && !url.startsWith("https://")) return answer(fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"));
        if (typeof params.secret_token === "string" && !/^[A-Za-z0-9_-]{1,256}$/.test(params.secret_token)) return answer(fail(400, "Bad Request: secret token contains unallowed characters")); // prettier-ignore
        webhookUrl = url;
        webhookSecret = typeof params.secret_token === "string" ? params.secret_token : "";
        // Like getUpdates: a list replaces the setting, no list keeps the previous one.
        if (Array.isArray(params.allowed_updates)) allowedUpdates = params.allowed_updates.map(String);
        return answer(ok(true));
      }
      case "getwebhookinfo":
        return answer(ok({ url: webhookUrl, has_custom_certificate: false, pending_update_count: deliverable().length, ...(allowedUpdates.length > 0 ? { allowed_updates: allowedUpdates } : {}) })); // prettier-ignore
      default:
        return answer(fail(404, "Not Found: method not found"));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (a: TAnswer) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.body));
    };
    const m = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) return send(fail(404, "Not Found"));
    if (decodeURIComponent(m[1]!) !== token) return send(fail(401, "Unauthorized"));
    const method = m[2]!.toLowerCase();
    let params: Record<string, unknown>;
    try {
      params = await readParams(req, url);
    } catch {
      return send(fail(400, "Bad Request: can't parse request body"));
    }
    const entry: TFakeCall = { method: m[2]!, params, at: new Date(clock()), status: 0 };
    calls.push(entry);
    res.on("close", () => {
      if (waiter?.answer === answer) endWait(fail(499, "client went away"));
    });
    function answer(a: TAnswer): void {
      entry.status = a.status;
      send(a);
    }
    call(method, params, answer);
  }

  const server = createServer((req, res) => void handle(req, res));
  // Longer than any client's idle keep-alive, so a reused pooled socket is never closed under it.
  server.keepAliveTimeout = 120_000;
  server.on("connection", (socket) => {
    if (down) {
      refused += 1;
      return void socket.destroy();
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    sent,
    calls,
    sentTo: (chatId) => sent.filter((s) => s.chatId === String(chatId)),
    failNext(n, failure) {
      for (let k = 0; k < n; k += 1) failures.push({ ...failure, method: failure.method ?? "sendMessage" });
    },
    goDown() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    refusedConnections: () => refused,
    stall() {
      stalled = true;
    },
    comeBack() {
      down = false;
      stalled = false;
      for (const release of held.splice(0)) release();
    },
    rateLimitPerChatPerMinute(n) {
      perChatLimit = n;
    },
    pushPrivateMessage(from, text) {
      users.set(from.id, { ...users.get(from.id), ...from });
      const user = userOf(from.id);
      const command = /^\/\w+/.exec(text);
      return pushUpdate({
        message: {
          message_id: newMessageId(String(from.id)),
          from: user,
          chat: { id: from.id, type: "private", first_name: user.first_name, ...(from.username ? { username: from.username } : {}) },
          date: Math.floor(clock() / 1000),
          text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        },
      });
    },
    pushJoinRequest(chatId, from, inviteLink) {
      users.set(from.id, { ...users.get(from.id), ...from });
      const chat = String(chatId);
      if (!joinRequests.has(chat)) joinRequests.set(chat, new Set());
      joinRequests.get(chat)!.add(from.id);
      return pushUpdate({
        chat_join_request: {
          chat: groupChat(chat),
          from: userOf(from.id),
          user_chat_id: from.id,
          date: Math.floor(clock() / 1000),
          ...(inviteLink ? { invite_link: { invite_link: inviteLink, creator: botUser, creates_join_request: true, is_primary: false, is_revoked: false } } : {}),
        },
      });
    },
    setMemberStatus(chatId, user, status) {
      users.set(user.id, { ...users.get(user.id), ...user });
      return changeMember(String(chatId), user.id, status, userOf(user.id)) ?? 0;
    },
    memberStatus: (chatId, userId) => memberOf(String(chatId), userId),
    pendingJoinRequests: (chatId) => [...(joinRequests.get(String(chatId)) ?? [])],
    blockBot(userId) {
      blocked.add(userId);
    },
    webhook: () => ({ url: webhookUrl, secretToken: webhookSecret, allowedUpdates: [...allowedUpdates] }),
    takeUpdates() {
      const taken = deliverable().slice();
      queue = [];
      return taken;
    },
    enforceLimits(l) {
      limits = l;
    },
    tooManyRequests: () => limited,
    pushChannelPost(post) {
      const chatId = String(post.chatId);
      const chat = { id: Number(post.chatId), type: "channel", title: post.title ?? "Test Channel" };
      const date = Math.floor((post.date?.getTime() ?? clock()) / 1000);
      const replyId = post.replyToMessageId;
      const replied = replyId === undefined ? undefined : (posts.get(`${chatId}:${replyId}`) ?? { message_id: replyId, chat, date });
      const message = {
        message_id: newMessageId(chatId, post.messageId),
        sender_chat: chat,
        chat,
        date,
        text: post.text,
        ...(replied ? { reply_to_message: replied } : {}),
      };
      if (!post.edited) posts.set(`${chatId}:${post.messageId}`, message);
      const update_id = nextUpdateId++;
      const update = post.edited ? { edited_channel_post: { ...message, edit_date: date } } : { channel_post: message };
      queue.push({ update_id, ...update });
      if (waiter && deliverable().length > 0) endWait();
      return update_id;
    },
    async close() {
      endWait(ok([]));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
