// The parts of the platform the uptime monitor watches, as /api/health reports them.
export const PARTS = ["database", "jobs", "telegram", "price_feed", "payment_chain"] as const;
export type TPart = (typeof PARTS)[number];

export const PART_LABELS: Record<TPart, string> = {
  database: "Database",
  jobs: "Job engine",
  telegram: "Telegram delivery",
  price_feed: "Exchange price feed",
  payment_chain: "Payment chain API (TronGrid)",
};

/** "45 s", "4 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}
