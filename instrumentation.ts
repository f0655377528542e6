// Next.js calls register() once per server process before it serves requests.
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- set by Next itself, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: the client address of every request comes from its socket (server/http/client-ip.ts).
  (await import("./server/http/client-ip")).installPeerStamp();
  const [{ startPlatform }, { jobs }, { inngest }] = await Promise.all([
    import("./server/startup"),
    import("./inngest/functions"),
    import("./inngest/client"),
  ]);
  await startPlatform({ jobs, sendToInngest: (events) => inngest.send(events) });
}
