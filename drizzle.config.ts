import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` writes the next migration from server/store/schema.ts; the server applies them at start-up
// (server/store/migrate.ts). The dialect is plain PostgreSQL: PGlite runs the same SQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/store/schema.ts',
  out: './server/store/migrations',
})
