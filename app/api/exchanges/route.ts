// Seed phase 7: POST /api/exchanges is POST /api/exchanges/connect.
export { POST, OPTIONS } from "./connect/route";
