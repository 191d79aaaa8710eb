import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { onServer } from '../../test/support/installation';
import { writeRows } from './bulk-writer';
import { copyLine, copyValue } from './copy-text';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

const awkward = pgTable('copy_awkward', {
  id: integer('id').primaryKey(),
  note: text('note'),
  data: jsonb('data'),
  bytes: bytea('bytes'),
  tags: text('tags').array(),
  counts: integer('counts').array(),
  at: timestamp('at', { withTimezone: true }),
  flag: boolean('flag'),
  big: bigint('big', { mode: 'number' }),
  ref: uuid('ref'),
});

const nasty = 'tab\there, new\nline, cr\r, back\\slash, \\N, "quote", {brace}, comma,';
const rows: (typeof awkward.$inferInsert)[] = [
  {
    id: 1,
    note: nasty,
    data: { text: nasty, nested: [1, null, 'ü'], empty: '' },
    bytes: Buffer.from([0, 9, 10, 13, 92, 255]),
    tags: ['a\tb', 'c\nd', 'e\\f', 'g"h', 'NULL', '', '{x,y}', 'zoë 🙂'],
    counts: [1, -2, 3],
    at: new Date('2026-03-29T01:30:00.123Z'),
    flag: true,
    big: 9_007_199_254_740_991,
    ref: '0b9c1a62-8f0e-4d7a-9a51-3c2f54f6a001',
  },
  { id: 2, note: '\\N', data: 'a JSON string with \\ and \t', bytes: Buffer.alloc(0), tags: [], counts: [] },
  {
    id: 3,
    note: '',
    data: null,
    bytes: null,
    tags: null,
    counts: null,
    at: null,
    flag: false,
    big: 0,
    ref: null,
  },
  { id: 4, note: 'Zoë Çelik — 日本語 🙂', data: [], tags: ['only'], counts: [0] },
];

describe('COPY text encoding', () => {
  it('escapes tab, newline, carriage return and backslash, and writes NULL as \\N', () => {
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyLine(['x', null, 1, true])).toBe('x\t\\N\t1\tt\n');
  });

  it('writes bytea in hex, arrays as quoted literals, JSON as its text', () => {
    expect(copyValue(Buffer.from([0, 255]))).toBe('\\\\x00ff');
    expect(copyValue(['a"b', null, 'c\\d'])).toBe('{"a\\\\"b",NULL,"c\\\\\\\\d"}');
    expect(copyValue({ a: 'b\tc' })).toBe('{"a":"b\\\\tc"}');
  });

  it('refuses a NUL character, which PostgreSQL text cannot hold', () => {
    expect(() => copyValue('a\u0000b')).toThrow(/NUL/);
  });
});

describe('the bulk writer round-trips awkward values', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.asOwner(`create table copy_awkward (
      id integer primary key, note text, data jsonb, bytes bytea, tags text[], counts integer[],
      at timestamptz, flag boolean, big bigint, ref uuid);
      grant select, insert, delete on copy_awkward to vellum_app`);
  });

  afterAll(async () => {
    await database?.destroy();
  });

  const readBack = async () =>
    (await database.db.select().from(awkward).orderBy(awkward.id)).map((row) => ({
      ...row,
      bytes: row.bytes === null ? null : Buffer.from(row.bytes),
    }));
  const expected = rows.map((row) => ({
    id: row.id,
    note: row.note ?? null,
    data: row.data ?? null,
    bytes: row.bytes ?? null,
    tags: row.tags ?? null,
    counts: row.counts ?? null,
    at: row.at ?? null,
    flag: row.flag ?? null,
    big: row.big ?? null,
    ref: row.ref ?? null,
  }));

  it('through writeRows (COPY on a server, INSERTs on PGlite): every value as it went in', async () => {
    await database.db.transaction((tx) => writeRows(tx, awkward, rows));
    expect(await readBack()).toEqual(expected);
    await database.db.delete(awkward);
  });

  it('through the INSERT path too, the same values', async () => {
    await database.db.transaction((tx) => writeRows(tx, awkward, rows, { copy: false }));
    expect(await readBack()).toEqual(expected);
    await database.db.delete(awkward);
  });

  // On a server the first test already went through COPY; PGlite reads the same text from /dev/blob.
  it.skipIf(onServer)('the COPY text itself, loaded by PGlite’s COPY from /dev/blob', async () => {
    const columns = Object.keys(expected[0] as object);
    const text = rows
      .map((row) =>
        copyLine(
          columns.map((key) => {
            const value = (row as Record<string, unknown>)[key];
            if (value === undefined || value === null) return null;
            const column = awkward[key as keyof (typeof expected)[0]];
            return column.mapToDriverValue(value as never);
          }),
        ),
      )
      .join('');
    // Reading /dev/blob takes a superuser: step out of the app role around the COPY.
    const client = (database.db as unknown as { $client: PGlite }).$client;
    await client.exec('RESET ROLE');
    try {
      await client.query(`COPY copy_awkward FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    } finally {
      await client.exec('SET ROLE vellum_app');
    }
    expect(await readBack()).toEqual(expected);
    await database.db.execute(sql`delete from copy_awkward`);
  });
});
