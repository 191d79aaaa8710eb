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

/** A copy of the real migrations that stops before the one tagged `beforeTag`. */
function migrationsBefore(beforeTag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'vellum-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  const at = journal.entries.findIndex((entry: { tag: string }) => entry.tag === beforeTag);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
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

describe('migrations', { timeout: 120_000 }, () => {
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
  it('upgrade an installation whose client already has two appointments at once (0043 leaves those out of the rule)', async () => {
    await withTarget(async (target, query) => {
      await migrateDatabase(target, migrationsBefore('0043_agenda_client_overlap_holidays'));
      const ids = {
        staffA: '00000000-0000-4000-8000-00000000000a',
        staffB: '00000000-0000-4000-8000-00000000000b',
        client: '00000000-0000-4000-8000-0000000000c1',
        type: '00000000-0000-4000-8000-0000000000f1',
      };
      await query(`insert into staff (id, name, email, role, password_hash, created_at) values
        ('${ids.staffA}', 'A', 'a@example.test', 'practitioner', 'x', now()),
        ('${ids.staffB}', 'B', 'b@example.test', 'practitioner', 'x', now())`);
      await query(`insert into client (id, first_name, last_name, created_at, updated_at)
        values ('${ids.client}', 'Sanne', 'Jansen', now(), now())`);
      await query(`insert into treatment_type (id, name, duration_minutes, price_cents, vat_rate_percent, created_at)
        values ('${ids.type}', 'Peeling', 60, 8000, 21, now())`);
      const appointment = (id: string, staffId: string) =>
        `('${id}', '${ids.client}', '${staffId}', '${ids.type}', '2026-12-14 10:00+01', '2026-12-14 11:00+01',
          '2026-12-14 11:00+01', 'booked', 'staff', now(), 'staff_booking')`;
      await query(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at,
          blocked_until, status, source, created_at, confirmed_via) values
        ${appointment('00000000-0000-4000-8000-0000000000a1', ids.staffA)},
        ${appointment('00000000-0000-4000-8000-0000000000a2', ids.staffB)}`);

      await migrateDatabase(target);

      expect(
        await query('select count(*)::int as n from appointment where client_overlap_before_rule'),
      ).toEqual([{ n: 2 }]);
      // Every appointment after the upgrade meets the rule.
      await expect(
        query(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at,
            blocked_until, status, source, created_at, confirmed_via) values
          ('00000000-0000-4000-8000-0000000000a3', '${ids.client}', '${ids.staffA}', '${ids.type}',
           '2026-12-15 10:00+01', '2026-12-15 11:00+01', '2026-12-15 11:00+01', 'booked', 'staff', now(), 'staff_booking'),
          ('00000000-0000-4000-8000-0000000000a4', '${ids.client}', '${ids.staffB}', '${ids.type}',
           '2026-12-15 10:30+01', '2026-12-15 11:30+01', '2026-12-15 11:30+01', 'booked', 'staff', now(), 'staff_booking')`),
      ).rejects.toThrow(/appointment_client_no_overlap/);
    });
  });
});
