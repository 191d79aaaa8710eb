import { sql } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { DatabaseUnavailable } from './database-unavailable';
import { type MigrationTarget, migrateDatabase } from './migrate';
import { PgliteInWorker } from './pglite-in-worker';
import { describe, PgliteStartFailed, startPglite } from './pglite-open';
import * as schema from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

/** Drizzle over either driver; every query runs as the non-owner role `vellum_app`. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** Answers when the database can run a query; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs a maintenance statement outside any transaction (VACUUM, CHECKPOINT) with the right to do
   * it: on PGlite as the app role (granted MAINTAIN, migration 0040), on a server over a short
   * connection as the URL's owner role — PostgreSQL 15 has no MAINTAIN privilege.
   */
  maintain?(statement: string): Promise<void>;
};

export const APP_ROLE = 'vellum_app';

export { DatabaseUnavailable } from './database-unavailable';
export { pgliteExtensions } from './pglite-open';

/**
 * PGlite runs in a worker thread (docs/decisions/0023-pglite-in-a-worker.md) unless
 * VELLUM_PGLITE_WORKER=off, which runs it on the server's own thread, as before (for debugging).
 */
export function pgliteInWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VELLUM_PGLITE_WORKER !== 'off';
}

/**
 * Opens PGlite in `dataDir` (or in memory for `memory://`), applies pending migrations as the owner,
 * then switches the session to the app role for good — in a worker thread unless switched off.
 */
export async function openPglite(
  dataDir: string,
  options: { migrate?: boolean; loadDataDir?: Blob; inWorker?: boolean } = {},
): Promise<Database> {
  const migrate = options.migrate !== false;
  if (options.inWorker ?? pgliteInWorker()) {
    const client = await PgliteInWorker.start({
      dataDir,
      migrate,
      role: APP_ROLE,
      ...(options.loadDataDir
        ? { loadDataDir: new Uint8Array(await options.loadDataDir.arrayBuffer()) }
        : {}),
    });
    return { ...pgliteDatabase(client), ping: () => client.ping() };
  }
  try {
    return pgliteDatabase(
      await startPglite(dataDir, { migrate, loadDataDir: options.loadDataDir, role: APP_ROLE }),
    );
  } catch (error) {
    if (error instanceof PgliteStartFailed) {
      throw new DatabaseUnavailable(`cannot open the embedded database in ${dataDir}: ${error.message}`);
    }
    throw error;
  }
}

type PgliteClient = Pick<PgliteInWorker, 'query' | 'exec' | 'close'>;

function pgliteDatabase(client: PgliteClient): Database {
  const db = drizzlePglite({ client: client as never, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
    maintain: async (statement) => {
      await client.exec(statement);
    },
  };
}

/**
 * Connects to a PostgreSQL server. Migrations run over their own connection as the URL's (owner)
 * role; the pool's connections start as `vellum_app` through the `role` start-up option, so no
 * application query ever runs as the owner.
 */
export async function openPostgres(
  url: string,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<Database> {
  if (options.migrate !== false) {
    const owner = new pg.Client({ connectionString: url });
    await connectOrExplain(owner, url);
    try {
      await migrateDatabase({ kind: 'postgres', client: owner } satisfies MigrationTarget);
    } finally {
      await owner.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: `-c role=${APP_ROLE}`,
    idleTimeoutMillis: 30_000,
  });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePostgres({ client: pool, schema }) as unknown as Db;
  try {
    await db.execute(sql`select 1`);
  } catch (error) {
    await pool.end();
    throw new DatabaseUnavailable(`cannot use PostgreSQL at ${redact(url)}: ${describe(error)}`);
  }
  return {
    kind: 'postgres',
    db,
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
    maintain: async (statement) => {
      const owner = new pg.Client({ connectionString: url });
      await connectOrExplain(owner, url);
      try {
        await owner.query(statement);
      } finally {
        await owner.end();
      }
    },
  };
}

async function connectOrExplain(client: pg.Client, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnavailable(`cannot connect to PostgreSQL at ${redact(url)}: ${describe(error)}`);
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
