// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL (the app also does this at start).
import { requireDatabaseUrl } from "../server/db/client";
import { migrate } from "../server/db/migrate";

const applied = await migrate(requireDatabaseUrl());
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date");
