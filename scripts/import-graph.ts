// `npm run lint:graph`: the import graph of server/ (tests left out) must have no cycle between its
// folders — nor a runtime cycle between files. A folder is server/<name>/; a file at server/'s root
// (env.ts, errors.ts, …) is its own node. Between folders, type-only imports count: they are
// dependencies of the design even where they vanish at runtime. Prints each cycle with one import
// per edge (`-- --all`: every import) and exits 1.
import path from "node:path";
import madge from "madge";

const ROOT = path.resolve(import.meta.dirname, "..");
/** --all: every import behind an edge, not only the first. */
const ALL = process.argv.includes("--all");

const graphOf = (skipTypeImports: boolean) =>
  madge(path.join(ROOT, "server"), {
    baseDir: path.join(ROOT, "server"),
    fileExtensions: ["ts", "tsx"],
    tsConfig: path.join(ROOT, "tsconfig.json"),
    excludeRegExp: [/\.test\.tsx?$/, /(^|\/)db\/generated\//],
    detectiveOptions: { ts: { skipTypeImports }, tsx: { skipTypeImports } },
  });
// Folders: every import. Files: runtime imports only — a cycle of type imports is erased by the
// compiler and cannot bite at load time.
const [graph, runtime] = await Promise.all([graphOf(false), graphOf(true)]);

const files = graph.obj();
const nodeOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) + "/" : file);

/** folder → folder → one import that makes the edge ("a/x.ts → b/y.ts"). */
const edges = new Map<string, Map<string, string>>();
for (const [file, deps] of Object.entries(files)) {
  for (const dep of deps) {
    if (dep.startsWith("..")) continue; // outside server/
    const from = nodeOf(file);
    const to = nodeOf(dep);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${file} → ${dep}`); else if (ALL) edges.get(from)!.set(to, edges.get(from)!.get(to)! + `, ${file} → ${dep}`);
  }
}

/** Tarjan's strongly connected components: every component of more than one folder holds a cycle. */
function components(): string[][] {
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return out;
}

const folderCycles = components();
const fileCycles = runtime.circular();

for (const scc of folderCycles) {
  console.log(`\nCycle between server/ folders: ${scc.join(" ")}`);
  for (const from of scc) {
    for (const [to, example] of edges.get(from) ?? []) if (scc.includes(to)) console.log(`  ${from} → ${to}   (${example})`);
  }
}
for (const cycle of fileCycles) console.log(`\nCycle between files: ${cycle.join(" → ")}`);

const fileCount = Object.keys(files).length;
if (folderCycles.length + fileCycles.length > 0) {
  console.log(`\n${folderCycles.length} folder cycle(s), ${fileCycles.length} file cycle(s) in server/ (${fileCount} files).`);
  process.exit(1);
}
console.log(`server/: no import cycle between folders or files (${fileCount} files, ${edges.size} folders with imports).`);
