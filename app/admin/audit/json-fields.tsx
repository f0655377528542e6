// A recorded JSON value (an audit entry's before, after or details) as short "key: value" lines.
type TJson = string | number | boolean | null | TJson[] | { [key: string]: TJson };

const short = (v: TJson): string => {
  if (v === null) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
};

export function JsonFields({ value, testId }: { value: unknown; testId?: string }) {
  const v = value as TJson;
  if (v === null || v === undefined) return <span className="text-slate-500">—</span>;
  if (typeof v !== "object" || Array.isArray(v)) return <span data-testid={testId}>{short(v)}</span>;
  const entries = Object.entries(v);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="flex min-w-40 flex-col text-xs" data-testid={testId}>
      {entries.map(([k, x]) => (
        <div key={k}>
          <dt className="inline text-slate-400">{k}: </dt>
          <dd className="inline break-words">{short(x)}</dd>
        </div>
      ))}
    </dl>
  );
}

const asObject = (v: unknown): Record<string, TJson> | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, TJson>) : null);

/** Before and after side by side, one line per field: "plan: TRIAL → VIP". */
export function ChangeFields({ before, after }: { before: unknown; after: unknown }) {
  const b = asObject(before);
  const a = asObject(after);
  if (!b && !a) return <span className="text-slate-500">—</span>;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return (
    <dl className="flex min-w-48 flex-col text-xs">
      {keys.map((k) => (
        <div key={k}>
          <dt className="inline text-slate-400">{k}: </dt>
          <dd className="inline break-words">
            <span data-testid="audit-before">{b && k in b ? short(b[k]!) : "—"}</span>
            <span className="text-slate-500"> → </span>
            <span data-testid="audit-after" className="text-emerald-200">
              {a && k in a ? short(a[k]!) : "—"}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
