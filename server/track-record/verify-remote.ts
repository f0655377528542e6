// The verifier's client side: reads a platform's chain over HTTP only (any fetch), so it checks
// exactly what the public sees.
import { GENESIS_HASH, type TChainLink, type TVerifyResult, verifyLinks } from "./chain-hash";

type TPage = { head: { seq: number; hash: string }; links: TChainLink[]; next_from: number | null };

export async function verifyRemoteChain(baseUrl: string, fetchImpl: typeof fetch, expectedHash?: string): Promise<TVerifyResult> {
  const links: TChainLink[] = [];
  for (let from: number | null = 1; from !== null; ) {
    const res = await fetchImpl(`${baseUrl.replace(/\/$/, "")}/api/signals/chain?from=${from}`);
    if (!res.ok) throw new Error(`GET /api/signals/chain?from=${from}: HTTP ${res.status}`);
    const page = (await res.json()) as TPage;
    links.push(...page.links);
    from = page.next_from;
  }
  const result = verifyLinks(links, GENESIS_HASH);
  if (result.ok && expectedHash && !links.some((l) => l.hash === expectedHash)) {
    return { ok: false, checked: result.checked, broken_at: 0, reason: `the published head ${expectedHash} is not in the chain: history was rewritten` };
  }
  return result;
}
