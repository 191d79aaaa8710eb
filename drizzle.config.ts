import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/db/schema.ts. They are reviewed and committed; hand-written
// migrations (roles, row-level security, triggers) come from `drizzle-kit generate --custom`.
export default defineConfig({
  dialect: 'postgresql',
  // Shared tables in src/db/schema.ts; a module's own tables in src/modules/<module>/tables.ts.
  schema: ['./src/db/schema.ts', './src/modules/*/tables.ts'],
  out: './src/db/migrations',
});
