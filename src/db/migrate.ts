import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';

export const migrationsFolder = path.join(import.meta.dirname, 'migrations');

export type MigrationTarget = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; client: pg.Client };

/** Thrown when a migration fails; all pending migrations were rolled back together. */
export class MigrationFailed extends Error {}

// Any constant works; it only has to be the same for every Vellum instance.
const MIGRATION_LOCK = 7_351_002_001;

/**
 * Applies every pending migration in one transaction (Drizzle's migrator), so a failure leaves the
 * database as it was. On a server an advisory lock makes concurrently starting instances take turns.
 */
export async function migrateDatabase(target: MigrationTarget, folder = migrationsFolder): Promise<void> {
  try {
    if (target.kind === 'pglite') {
      await migratePglite(drizzlePglite({ client: target.client }), { migrationsFolder: folder });
      return;
    }
    await target.client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePostgres(drizzlePostgres({ client: target.client }), { migrationsFolder: folder });
    } finally {
      await target.client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
    throw new MigrationFailed(`migration failed, nothing was applied: ${cause?.message ?? String(error)}`, {
      cause: error,
    });
  }
}
