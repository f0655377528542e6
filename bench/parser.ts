// Channel-parser throughput (SPEC §5 listener; target ≥ 20,000 posts/s on one core). Parses the
// whole fixture corpus in a loop on this one thread for about --seconds (default 3), after a short
// warm-up, and prints posts/s overall and per kind of post.
// Usage: npx tsx bench/parser.ts [--seconds 3]
import { parseChannelMessage } from "../server/telegram/channel-parser";
import { CORPUS, EVENTS, NON_SIGNALS, SIGNALS, type TCorpusEntry } from "../test/fixtures/channel-posts/corpus";

const args = process.argv.slice(2);
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 3;
const TARGET_PER_SECOND = 20_000;

/** Runs the posts round-robin for `ms` milliseconds; returns posts per second. */
function measure(posts: TCorpusEntry[], ms: number): number {
  const texts = posts.map((p) => p.text);
  let parsed = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const text of texts) sink += parseChannelMessage(text).kind.length;
    parsed += texts.length;
    elapsed = performance.now() - started;
  }
  if (sink === 0) console.error("nothing parsed");
  return (parsed / elapsed) * 1000;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

measure(CORPUS, 500); // warm-up: let the JIT settle before anything is recorded
const overall = measure(CORPUS, SECONDS * 1000);
console.log(`channel parser: ${fmt(overall)} posts/s over the ${CORPUS.length}-post corpus (${SECONDS} s, one core)`);
for (const [name, posts] of [["signals", SIGNALS], ["events", EVENTS], ["non-signals", NON_SIGNALS]] as const) {
  console.log(`  ${name.padEnd(12)} ${fmt(measure(posts, 500)).padStart(10)} posts/s (${posts.length} posts)`);
}
console.log(overall >= TARGET_PER_SECOND ? `OK: at or above ${fmt(TARGET_PER_SECOND)}/s` : `BELOW TARGET of ${fmt(TARGET_PER_SECOND)}/s`);
if (overall < TARGET_PER_SECOND) process.exitCode = 1;
