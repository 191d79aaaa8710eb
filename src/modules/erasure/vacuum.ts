import { sql } from 'drizzle-orm';

/**
 * Tables whose plain columns (and so index entries) hold who someone is: name, e-mail, phone. The
 * other tables a destruction empties hold ids and sealed values only.
 */
const IDENTITY_TABLES = ['client', 'outbox_email', 'contact_request'];

import type { Database } from '../../db/connection';

/**
 * After a destruction has committed: VACUUM the tables it deleted from, so the dead rows leave the
 * live table files, then rebuild the indexes of the identity tables — VACUUM removes an index
 * entry but leaves its bytes in the page (measured: the e-mail and phone digits stayed in the
 * `client_email` and `client_phone_digits` index files), a rebuilt index is a new file (P9.4).
 * Neither can run in a transaction, hence after the commit; best effort — a failure is logged,
 * the erasure stands, and the nightly vacuum (embedded) or autovacuum (server) catches up with the
 * table files. On a server the rebuild is CONCURRENTLY, so reads and writes go on meanwhile.
 */
export async function vacuumAfterDestruction(
  database: Database,
  log: { warn(obj: object, msg: string): void } = console,
): Promise<void> {
  if (!database.maintain) return;
  try {
    // The client table and every table a destruction cascades into (they all carry client_id);
    // not the audit trail (its entries and their lists of clients), which is append-only and the largest.
    const result = await database.db.execute(
      sql`select distinct table_name::text as name from information_schema.columns
          where table_schema = 'public' and column_name = 'client_id'
            and table_name not in ('audit_event', 'audit_event_shown') order by 1`,
    );
    const tables = ['client', ...(result as unknown as { rows: { name: string }[] }).rows.map((r) => r.name)];
    await database.maintain(`VACUUM (ANALYZE) ${tables.map((t) => JSON.stringify(t)).join(', ')}`);
    const concurrently = database.kind === 'postgres' ? 'CONCURRENTLY ' : '';
    for (const table of IDENTITY_TABLES) await database.maintain(`REINDEX TABLE ${concurrently}${table}`);
  } catch (err) {
    log.warn({ err }, 'vacuum after a destruction failed; the nightly vacuum will do it');
  }
}

/** The embedded mode's nightly `VACUUM (ANALYZE)`: PGlite has no autovacuum. */
export async function vacuumEverything(database: Database): Promise<void> {
  await database.maintain?.('VACUUM (ANALYZE)');
}
