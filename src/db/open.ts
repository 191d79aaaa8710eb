import path from 'node:path';
import type { Config } from '../config';
import { type Database, openPglite, openPostgres } from './connection';
import { type DataDirLock, lockDataDir } from './data-dir-lock';

export type OpenedDatabase = { database: Database; lock: DataDirLock | undefined };

/**
 * The database the configuration names: a PostgreSQL server when DATABASE_URL is set, otherwise
 * PGlite in the data folder, which this process then holds exclusively.
 */
export async function openConfiguredDatabase(
  config: Config,
  options: { migrate?: boolean } = {},
): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl, {
      migrate: options.migrate,
      poolSize: config.databasePoolSize,
    });
    return { database, lock: undefined };
  }
  const lock = lockDataDir(config.dataDir);
  try {
    const database = await openPglite(path.join(config.dataDir, 'pgdata'), options);
    return { database, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}
