// Prisma's CLI runs here on its bundled WASM engines (no binary download): `prisma generate`
// and `prisma migrate diff` need no database. Migrations are applied by scripts/migrate.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The schema names env("DATABASE_URL"); generate and diff never connect, so a placeholder lets
// them run on a fresh clone where no database is configured yet.
// eslint-disable-next-line no-restricted-properties
process.env.DATABASE_URL ??= "postgresql://localhost:5432/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // Only consulted by commands that talk to a database; this project applies its own migrations.
  // eslint-disable-next-line no-restricted-properties
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
