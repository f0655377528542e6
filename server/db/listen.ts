// PostgreSQL LISTEN on one dedicated connection per channel, so that a row committed by another app
// process reaches this one within milliseconds instead of at the next poll. Callers keep their poll
// as the fallback: a notification can be missed while the connection is being re-made.
//
// Not on the embedded database: PGlite behind its socket has one session for every connection, so
// a connection held open for LISTEN would take it from everybody else; one process writes there
// and wakes its own readers directly.
import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";
import { requireDatabaseUrl } from "./client";

const RECONNECT_MS = [250, 1_000, 5_000];

export type TListener = {
  /** True while the LISTEN is in place (notifications arrive). */
  connected(): boolean;
  close(): Promise<void>;
};

/** Whether this deployment can LISTEN (a PostgreSQL server, not the embedded database). */
export function canListen(): boolean {
  return !env().DATABASE_EMBEDDED && Boolean(env().DATABASE_URL);
}

/** Calls onNotify(payload) for every NOTIFY on `channel` until closed; re-connects after a loss. */
export function listen(channel: string, onNotify: (payload: string) => void, onConnected: () => void = () => undefined): TListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let ready = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const retry = () => {
    ready = false;
    if (closed || timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void connect();
      },
      RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)],
    );
    timer.unref?.();
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: requireDatabaseUrl() });
    client = c;
    c.on("notification", (n) => {
      if (n.channel === channel) onNotify(n.payload ?? "");
    });
    c.on("error", (err) => {
      logger.warn("database listener lost its connection", { channel, err });
      void c.end().catch(() => undefined);
      retry();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed) {
        await c.end();
        return;
      }
      ready = true;
      attempt = 0;
      onConnected();
    } catch (err) {
      logger.warn("database listener could not connect", { channel, err: err as Error });
      await c.end().catch(() => undefined);
      retry();
    }
  }

  void connect();
  return {
    connected: () => ready,
    async close() {
      closed = true;
      ready = false;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
