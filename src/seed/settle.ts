/**
 * Settles the database after the bulk load, as PostgreSQL advises after loading data: VACUUM
 * (ANALYZE) refreshes the planner's statistics — without them it guesses row counts and may scan a
 * table where an index would do — and marks the new pages all-visible. A server's autovacuum would
 * get there within minutes, in the middle of whatever runs next (a benchmark); PGlite has no
 * autovacuum at all.
 *
 * VACUUM and ANALYZE need the tables' owner. On a server that is the DATABASE_URL's role, over a connection of
 * its own. On PGlite it is the session user: the one connection steps out of the app role for the
 * statement and back in, as test/support/database.ts does — safe because the seed is its only user.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Config } from '../config';
import { APP_ROLE, type Database } from '../db/connection';

export async function settleAfterBulkLoad(database: Database, config: Config): Promise<void> {
  if (database.kind === 'pglite') {
    await database.db.execute(sql.raw('RESET ROLE'));
    try {
      await database.db.execute(sql.raw('VACUUM (ANALYZE)'));
    } finally {
      await database.db.execute(sql.raw(`SET ROLE ${APP_ROLE}`));
    }
    return;
  }
  if (!config.databaseUrl) throw new Error('no DATABASE_URL to vacuum the seeded tables as their owner');
  const owner = new pg.Client({ connectionString: config.databaseUrl });
  await owner.connect();
  try {
    await owner.query('VACUUM (ANALYZE)');
  } finally {
    await owner.end();
  }
}
