// The import graph of server/ between its folders must have no cycle (issue 17: folders import
// downward). Each top-level folder of server/ is one node (server/trading/positions/x.ts belongs to
// "trading"); each top-level file (env.ts, errors.ts, …) is a node of its own. Type-only imports
// count too: a cycle of types is still a cycle of meaning. Tests (*.test.ts) are left out — they
// may reach across folders to arrange data.
// Usage: npx tsx scripts/folder-cycles.ts [--ignore from:to …]   (exit 1 and the cycles printed when
// there is one; --ignore leaves an edge out, to see what remains once a known one is removed)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "server");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "generated" ? [] : files(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const nodeOf = (file: string) => relative(ROOT, file).split("/")[0]!.replace(/\.tsx?$/, "");

const IMPORT = /(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

const args = process.argv.slice(2);
const ignored = new Set(args.flatMap((a, i) => (args[i - 1] === "--ignore" ? [a] : [])));

const edges = new Map<string, Map<string, string>>(); // from → to → one file that imports it
for (const file of files(ROOT)) {
  const from = nodeOf(file);
  for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(ROOT + "/")) continue;
    const to = nodeOf(target);
    if (to === from || ignored.has(`${from}:${to}`)) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, relative(ROOT, file));
  }
}

// Tarjan's strongly connected components: any component with more than one node is a cycle.
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
function visit(v: string): void {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) cycles.push(scc.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

if (cycles.length === 0) {
  console.log(`server/: ${[...edges.values()].reduce((a, m) => a + m.size, 0)} imports between folders, no cycle`);
} else {
  for (const scc of cycles) {
    console.log(`cycle between ${scc.join(", ")}:`);
    for (const a of scc) for (const [b, file] of edges.get(a) ?? []) if (scc.includes(b)) console.log(`  ${a} → ${b}  (${file})`);
  }
  process.exit(1);
}
