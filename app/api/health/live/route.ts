// Liveness probe: constant JSON, no wrapper, no database. Also the framework's floor in bench/.
export const dynamic = "force-dynamic";

const BODY = JSON.stringify({ status: "ok" });

export function GET(): Response {
  return new Response(BODY, { headers: { "Content-Type": "application/json" } });
}
