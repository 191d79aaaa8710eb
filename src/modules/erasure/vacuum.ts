import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';

/**
 * After a destruction has committed: VACUUM the tables the identity lived in, so the dead rows and
 * their index entries leave the live table and index files (P9.4). VACUUM cannot run in a
 * transaction, hence after the commit; best effort — a failure is logged, the erasure stands, and
 * the nightly vacuum (embedded) or autovacuum (server) catches up.
 */
export async function vacuumAfterDestruction(
  database: Database,
  log: { warn(obj: object, msg: string): void } = console,
): Promise<void> {
  if (!database.maintain) return;
  try {
    // The client table and every table a destruction cascades into (they all carry client_id).
    const result = await database.db.execute(
      sql`select distinct table_name::text as name from information_schema.columns
          where table_schema = 'public' and column_name = 'client_id' order by 1`,
    );
    const tables = ['client', ...(result as unknown as { rows: { name: string }[] }).rows.map((r) => r.name)];
    await database.maintain(`VACUUM (ANALYZE) ${tables.map((t) => JSON.stringify(t)).join(', ')}`);
  } catch (err) {
    log.warn({ err }, 'vacuum after a destruction failed; the nightly vacuum will do it');
  }
}

/** The embedded mode's nightly `VACUUM (ANALYZE)`: PGlite has no autovacuum. */
export async function vacuumEverything(database: Database): Promise<void> {
  await database.maintain?.('VACUUM (ANALYZE)');
}
