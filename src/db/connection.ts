import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type MigrationTarget, migrateDatabase } from './migrate';
import { durablePgliteOptions } from './pglite-durability';
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

/** The contrib extensions the migrations use (client search; no double booking). */
export const pgliteExtensions = { pg_trgm, unaccent, btree_gist };

/** A one-line reason the database could not be reached, without the password. */
export class DatabaseUnavailable extends Error {}

/**
 * Opens PGlite in `dataDir` (or in memory for `memory://`), applies pending migrations as the owner,
 * then switches the session to the app role for good.
 */
export async function openPglite(
  dataDir: string,
  options: { migrate?: boolean; loadDataDir?: Blob } = {},
): Promise<Database> {
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      ...durablePgliteOptions(dataDir),
      extensions: pgliteExtensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    throw new DatabaseUnavailable(`cannot open the embedded database in ${dataDir}: ${describe(error)}`);
  }
  try {
    if (options.migrate !== false) {
      await migrateDatabase({ kind: 'pglite', client });
    }
    await client.exec(`SET ROLE ${APP_ROLE}`);
  } catch (error) {
    await client.close();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
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

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
