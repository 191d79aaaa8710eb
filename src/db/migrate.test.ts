import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createEmptyServerDatabase } from '../../test/support/database';
import { pgliteExtensions } from './connection';
import { MigrationFailed, type MigrationTarget, migrateDatabase, migrationsFolder } from './migrate';

/** A copy of the real migrations plus two more: one good table, then a broken statement. */
function migrationsWithABrokenOne(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'vellum-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  const last = journal.entries.at(-1);
  journal.entries.push(
    { ...last, idx: last.idx + 1, when: last.when + 1, tag: '9000_good' },
    { ...last, idx: last.idx + 2, when: last.when + 2, tag: '9001_broken' },
  );
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(path.join(folder, '9000_good.sql'), 'CREATE TABLE half_done (id int);');
  writeFileSync(path.join(folder, '9001_broken.sql'), 'CREATE TABLE broken (id int;');
  return folder;
}

async function withTarget(
  run: (target: MigrationTarget, query: (q: string) => Promise<unknown[]>) => Promise<void>,
) {
  const server = await createEmptyServerDatabase();
  if (!server) {
    const client = await PGlite.create('memory://', { extensions: pgliteExtensions });
    try {
      await run({ kind: 'pglite', client }, async (q) => (await client.query(q)).rows);
    } finally {
      await client.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await run({ kind: 'postgres', client }, async (q) => (await client.query(q)).rows);
  } finally {
    await client.end();
    await server.drop();
  }
}

describe('migrations', () => {
  it('apply once; running them again changes nothing', async () => {
    await withTarget(async (target, query) => {
      await migrateDatabase(target);
      await migrateDatabase(target);
      const rows = await query('select count(*)::int as n from drizzle.__drizzle_migrations');
      const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
      expect(rows).toEqual([{ n: journal.entries.length }]);
    });
  });

  it('leave the database untouched when one of them fails', async () => {
    await withTarget(async (target, query) => {
      await expect(migrateDatabase(target, migrationsWithABrokenOne())).rejects.toThrow(MigrationFailed);
      const tables = await query(
        "select tablename from pg_tables where schemaname = 'public' and tablename in ('clinic', 'half_done')",
      );
      expect(tables).toEqual([]);
      await migrateDatabase(target);
      expect(await query("select tablename from pg_tables where tablename = 'clinic'")).toHaveLength(1);
    });
  });
});
