// What a pg_dump of the test database would show, for the "no plaintext secret at rest" tests.
import { db } from "@/server/db/client";

/** Every row of every table in the schema as JSON text, one row per line. */
export async function dumpDatabase(): Promise<string> {
  const tables = await db().$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}
