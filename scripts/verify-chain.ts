// `npm run verify-chain -- <base url> [--expect <hash>]`: downloads the public track record
// (GET /api/signals/chain, page by page), re-computes every link and says where the chain breaks.
// --expect: a head hash published earlier (the daily report prints one); it must still be in the
// chain, or history was rewritten. Exit 0 when the chain holds, 1 when not, 2 on bad usage.
import { verifyRemoteChain } from "../server/track-record/verify-remote";

const [base, flag, expected] = process.argv.slice(2);
if (!base || !/^https?:\/\//.test(base) || (flag !== undefined && (flag !== "--expect" || !expected))) {
  console.error("usage: npm run verify-chain -- <base url, e.g. http://localhost:3000> [--expect <head hash>]");
  process.exit(2);
}
const result = await verifyRemoteChain(base, fetch, expected);
console.log(result.ok ? `chain OK: ${result.checked} links, head ${result.head ?? "(empty)"}` : `chain BROKEN at link ${result.broken_at}: ${result.reason}`);
process.exit(result.ok ? 0 : 1);
