// `bench/fan-out.ts --without-risk`: a module resolve hook that swaps the risk engine for one that
// allows every trade without a lock or a query, so the same fan-out can be timed with and without
// the pre-trade checks (issue 7: the checks may cost at most 25 %). Benchmarks only.
import { URL } from "node:url";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith("/server/risk/pre-trade.ts")) return { ...resolved, url: new URL("./allow-all-risk.ts", import.meta.url).href };
  return resolved;
}
