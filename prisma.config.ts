// Prisma CLI config. The provider cannot come from env() in a schema, so the schema folder is picked here
// from DATABASE_URL: prisma/sqlite/ (default) or prisma/postgres/, each with its own migrations/.
// Migrations are applied offline by scripts/db.ts (npm run db:migrate); `prisma migrate deploy` also works
// where the CLI can download its engine.
import { defineConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, getDbProvider } from "./lib/db-url";

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const provider = getDbProvider(url);

export default defineConfig({
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
