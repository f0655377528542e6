// Risk state is kept per UTC day: today's trades, realized P&L and blocks start again at 00:00 UTC.
// Every service takes its `now` as an argument (default: the real clock), so tests move the clock.

export const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `now` falls in. */
export const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
