// An optimistic gate for /admin (the layout checks again against the database).
export { auth as proxy } from "./auth";

export const config = { matcher: ["/admin/:path*"] };
