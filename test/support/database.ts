import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import { APP_ROLE, type Database, openPglite, openPostgres } from '../../src/db/connection';

export type TestDatabase = Database & {
  /** Runs SQL as the owner/superuser, around the app role — for tests that play an attacker. */
  asOwner(statement: string): Promise<Record<string, unknown>[]>;
  /** A connection string to this database (server mode only), for tests that spawn processes. */
  url: string | undefined;
  /** Drops the database (server) or closes it (PGlite). */
  destroy(): Promise<void>;
};

/**
 * A fresh, migrated database for one test file. PGlite in memory by default; with
 * TEST_DATABASE_URL a new database on that server, dropped afterwards, so files run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const template = inject('pgliteTemplate');
    const database = template
      ? await openPglite('memory://', { migrate: false, loadDataDir: new Blob([readFileSync(template)]) })
      : await openPglite('memory://');
    // One PGlite connection: step out of the app role, run each statement, step back in.
    const asOwner = async (statements: string) => {
      await database.db.execute(sql.raw('RESET ROLE'));
      try {
        let last: { rows: Record<string, unknown>[] } = { rows: [] };
        for (const statement of statements.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, ''))) {
          if (statement === '') continue;
          try {
            last = (await database.db.execute(sql.raw(statement))) as unknown as typeof last;
          } catch (error) {
            if (/^begin/i.test(statements.trim())) await database.db.execute(sql.raw('ROLLBACK'));
            throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
          }
        }
        return last;
      } finally {
        await database.db.execute(sql.raw(`SET ROLE ${APP_ROLE}`));
      }
    };
    return {
      ...database,
      url: undefined,
      asOwner: async (statement) => (await asOwner(statement)).rows,
      destroy: () => database.close(),
    };
  }
  const name = `vellum_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  return serverTestDatabase(databaseUrl(serverUrl, name), async () => {
    await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
}

/**
 * A test database over an existing server database (migrated here unless `migrate: false`, e.g. when
 * app instances have migrated it); `drop` runs after the pool is closed in destroy().
 */
export async function serverTestDatabase(
  url: string,
  drop: () => Promise<void>,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const database = await openPostgres(url, { poolSize: 4, migrate: options.migrate });
  return {
    ...database,
    url,
    asOwner: async (statement) => {
      const owner = new pg.Client({ connectionString: url });
      await owner.connect();
      try {
        return (await owner.query(statement)).rows;
      } finally {
        await owner.end();
      }
    },
    destroy: async () => {
      await database.close();
      await drop();
    },
  };
}

/** Creates an empty (unmigrated) database on the test server; returns its URL and a dropper. */
export async function createEmptyServerDatabase(): Promise<
  { url: string; drop(): Promise<void> } | undefined
> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `vellum_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await action(admin);
  } finally {
    await admin.end();
  }
}
