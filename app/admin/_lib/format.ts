// Display helpers shared by the screens (formatting only; no rule lives here).
export const when = (iso: string | null) => (iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");
export const pct = (v: string | null) => (v === null ? "—" : `${Number(v) > 0 ? "+" : ""}${v}%`);
