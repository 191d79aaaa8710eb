import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/db/schema.ts. They are reviewed and committed; hand-written
// migrations (roles, row-level security, triggers) come from `drizzle-kit generate --custom`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
