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
    <dl className="grid max-w-xs grid-cols-[auto_1fr] gap-x-2 text-xs" data-testid={testId}>
      {entries.map(([k, x]) => (
        <div key={k} className="contents">
          <dt className="text-slate-400">{k}</dt>
          <dd className="break-all">{short(x)}</dd>
        </div>
      ))}
    </dl>
  );
}
