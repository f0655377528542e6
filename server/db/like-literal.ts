/** A searched text inside a LIKE pattern (Prisma's `contains`/`startsWith`, or ILIKE): % and _ mean themselves. */
export const likeLiteral = (q: string) => q.replace(/[\\%_]/g, "\\$&");
