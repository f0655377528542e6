"use client";
// "Connect Telegram" on the payment page (issue 19), for the signed-in app user: whether their
// Telegram account is linked (GET /api/membership/me), a one-time deep link to the bot
// (POST /api/membership/telegram/link → t.me/<bot>?start=<token>), and their VIP group: the
// join-request invite once the plan is paid, and whether they are in. Polled, so linking in
// Telegram and paying above both show here without a reload.
import { useCallback, useEffect, useState } from "react";

type TGroup = { entitled: boolean; member: boolean; invite_link: string | null };
type TMembership = { telegram_linked: boolean; telegram_username: string | null; vip_group: TGroup | null; trial_group: TGroup | null };
type TLink = { url: string; token: string; expires_at: string };

const POLL_MS = 4000;
const button = "rounded-md px-4 py-2 text-sm font-medium disabled:opacity-50";
const primary = `${button} bg-sky-500 text-slate-950 hover:bg-sky-400`;
const secondary = `${button} border border-slate-700 hover:bg-slate-800`;
const join = `${button} bg-emerald-500 text-slate-950 hover:bg-emerald-400`;

function left(expiresAt: string, now: number): string {
  const s = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

async function readError(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return body.message ?? `The server answered ${res.status}`;
}

export function ConnectTelegram({ token, apiKey }: { token: string; apiKey: string | null }) {
  const [membership, setMembership] = useState<TMembership | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [link, setLink] = useState<TLink | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const headers = useCallback(() => ({ authorization: `Bearer ${token}`, ...(apiKey ? { "x-api-key": apiKey } : {}) }), [token, apiKey]);

  const load = useCallback(async () => {
    try {
      const res = await fetch("/api/membership/me", { headers: headers(), cache: "no-store" });
      if (!res.ok) throw new Error(await readError(res));
      setMembership((await res.json()) as TMembership);
      setLoadError(null);
    } catch (err) {
      setLoadError((err as Error).message);
    }
  }, [headers]);

  // Done polling once linked and in the VIP group; until then Telegram or a payment may change it.
  // Settled: linked and in the group, with no new link waiting to be used (a relink polls again).
  const settled = !!membership?.telegram_linked && !!membership.vip_group?.member && !link;
  useEffect(() => {
    void load();
    if (settled) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load, settled]);

  useEffect(() => {
    if (!link) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [link]);

  // A link is single use: once an account shows as newly linked, it was spent.
  const linkedAs = membership?.telegram_linked ? `@${membership.telegram_username ?? ""}` : null;
  useEffect(() => {
    if (linkedAs !== null) setLink(null);
  }, [linkedAs]);

  async function connect() {
    setBusy(true);
    setLinkError(null);
    try {
      const res = await fetch("/api/membership/telegram/link", { method: "POST", headers: headers() });
      if (!res.ok) throw new Error(await readError(res));
      setLink((await res.json()) as TLink);
      setNow(Date.now());
    } catch (err) {
      setLinkError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const expired = link ? Date.parse(link.expires_at) <= now : false;
  const bot = link ? new URL(link.url).pathname.slice(1) : null;

  return (
    <section aria-labelledby="connect-telegram" data-testid="connect-telegram" className="flex flex-col gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4">
      <h2 id="connect-telegram" className="text-sm font-medium text-slate-300">
        Connect Telegram — the VIP group
      </h2>
      {!membership && !loadError && (
        <p role="status" className="text-sm text-slate-400">
          Checking your Telegram connection…
        </p>
      )}
      {loadError && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-200">
          <span>Could not load your Telegram connection: {loadError}</span>
          <button type="button" onClick={() => void load()} className={secondary}>
            Try again
          </button>
        </div>
      )}
      {membership && (
        <>
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <div className="rounded-md bg-slate-950 p-3">
              <dt className="text-xs uppercase tracking-wide text-slate-400">Telegram account</dt>
              <dd className="mt-1 font-medium" data-testid="telegram-account">
                {membership.telegram_linked ? <>✅ Connected{membership.telegram_username ? <> as @{membership.telegram_username}</> : null}</> : "Not connected"}
              </dd>
            </div>
            <div className="rounded-md bg-slate-950 p-3">
              <dt className="text-xs uppercase tracking-wide text-slate-400">VIP group</dt>
              <dd className="mt-1 font-medium" data-testid="vip-group">
                <VipState membership={membership} />
              </dd>
            </div>
          </dl>
          <InviteAction membership={membership} />

          {link && !expired ? (
            <div className="flex flex-col gap-2 rounded-md border border-sky-800 bg-sky-950/40 p-3 text-sm" data-testid="telegram-link">
              <a href={link.url} target="_blank" rel="noopener noreferrer" className={`${primary} self-start`}>
                Open @{bot} in Telegram
              </a>
              <p className="text-slate-300">
                Press <strong>Start</strong> in the chat with the bot. The link works once and expires in <strong>{left(link.expires_at, now)}</strong>.
              </p>
              <p className="break-all text-xs text-slate-400">{link.url}</p>
            </div>
          ) : (
            <div className="flex flex-col gap-2">
              <button type="button" onClick={() => void connect()} disabled={busy} className={`${membership.telegram_linked ? secondary : primary} self-start`}>
                {busy ? "Making your link…" : membership.telegram_linked ? "Connect a different Telegram account" : "Connect Telegram"}
              </button>
              {expired && <p className="text-sm text-amber-300">That link has expired; make a new one.</p>}
              {!membership.telegram_linked && (
                <p className="text-xs text-slate-400">The bot lets into the VIP group only Telegram accounts connected to a paid plan.</p>
              )}
            </div>
          )}
          {linkError && (
            <p role="alert" className="rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-200">
              {linkError}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function VipState({ membership: m }: { membership: TMembership }) {
  const g = m.vip_group;
  if (!g) return <>Not set up yet</>;
  if (g.member) return <>✅ You are in the VIP group</>;
  if (!g.entitled) return <>Included with VIP and PREMIUM — pay above to get the invite</>;
  if (!m.telegram_linked) return <>Your plan includes it — connect Telegram to join</>;
  return g.invite_link ? <>Invite ready — ask to join</> : <>Preparing your invite…</>;
}

function InviteAction({ membership: m }: { membership: TMembership }) {
  const vip = m.vip_group;
  if (!m.telegram_linked || !vip || vip.member) return null;
  if (vip.entitled && vip.invite_link) {
    return (
      <div className="flex flex-col gap-1 text-sm">
        <a href={vip.invite_link} target="_blank" rel="noopener noreferrer" className={`${join} self-start`}>
          Join the VIP group
        </a>
        <p className="text-xs text-slate-400">Ask to join from your connected Telegram account; the bot approves it.</p>
      </div>
    );
  }
  const trial = m.trial_group;
  if (!vip.entitled && trial?.invite_link && !trial.member) {
    return (
      <p className="text-sm text-slate-300">
        Meanwhile:{" "}
        <a href={trial.invite_link} target="_blank" rel="noopener noreferrer" className="text-sky-300 underline">
          join the free TRIAL group
        </a>
      </p>
    );
  }
  return null;
}
