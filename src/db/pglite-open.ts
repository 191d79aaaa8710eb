import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { migrateDatabase } from './migrate';
import { durablePgliteOptions } from './pglite-durability';

/** The contrib extensions the migrations use (client search; no double booking). */
export const pgliteExtensions = { pg_trgm, unaccent, btree_gist };

/** PGlite could not start in its folder (the reason follows); nothing was migrated. */
export class PgliteStartFailed extends Error {}

/**
 * Starts PGlite in `dataDir` (or in memory for `memory://`), applies pending migrations as the
 * owner, then switches the session to `role` for good. The same steps on the server's thread and in
 * the worker (src/db/pglite-worker.ts).
 */
export async function startPglite(
  dataDir: string,
  options: { migrate: boolean; loadDataDir?: Blob; role: string },
): Promise<PGlite> {
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      ...durablePgliteOptions(dataDir),
      extensions: pgliteExtensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    throw new PgliteStartFailed(describe(error), { cause: error });
  }
  try {
    if (options.migrate) await migrateDatabase({ kind: 'pglite', client });
    await client.exec(`SET ROLE ${options.role}`);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

export function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
