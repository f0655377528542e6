// Which address a request came from. Route handlers see no socket, so each server process stamps
// the socket's address into PEER_HEADER before Next sees the request (installPeerStamp, from
// instrumentation.ts), overwriting whatever the client sent under that name. Forwarding headers
// (X-Forwarded-For, X-Real-IP) are believed only from TRUSTED_PROXIES: anyone can write them.
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP, type Socket } from "node:net";
import { env } from "../env";

export const PEER_HEADER = "x-verzek-peer";
// On globalThis: instrumentation and route handlers are separate bundles in one process.
const STAMPED = Symbol.for("verzek.peer-stamped");
type TGlobal = typeof globalThis & { [STAMPED]?: boolean };

/** Every HTTP request this process serves carries its socket's address in PEER_HEADER. */
export function installPeerStamp(): void {
  const g = globalThis as TGlobal;
  if (g[STAMPED]) return;
  diagnosticsChannel.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "unknown";
  });
  g[STAMPED] = true;
}

/** The client's address: the peer, or — when the peer is a trusted proxy — the hop it names. */
export function clientIp(req: Request): string {
  // Without the stamp (a process that never installed it) PEER_HEADER could be the client's own.
  const peer = (globalThis as TGlobal)[STAMPED] ? normalize(req.headers.get(PEER_HEADER)) : undefined;
  if (!peer) return "unknown";
  const trusted = trustedProxies();
  if (!trusted || !isTrusted(trusted, peer)) return peer;
  // Right to left: each trusted hop vouches for the one before it; the first untrusted is the client.
  const hops = (req.headers.get("x-forwarded-for") ?? req.headers.get("x-real-ip") ?? "").split(",").map(normalize);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop) break;
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

function normalize(raw: string | null | undefined): string | undefined {
  let ip = raw?.trim() ?? "";
  if (ip.toLowerCase().startsWith("::ffff:") && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip : undefined;
}

let cache: { source: string[]; list: BlockList } | undefined;
function trustedProxies(): BlockList | undefined {
  const source = env().TRUSTED_PROXIES;
  if (source.length === 0) return undefined;
  if (cache?.source !== source) cache = { source, list: toBlockList(source) };
  return cache.list;
}

/** IPs and CIDRs (validated by env.ts) as one matcher. */
export function toBlockList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
}
