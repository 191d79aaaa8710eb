import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../../test/support/clinic';
import { expectStatus } from '../../../test/support/status';
import { APP_ROLE } from '../../db/connection';
import { appendAudit } from './chain';
import type { AuditEntry } from './events';
import { sealAudit } from './seal';
import { readAnchors, verifyAuditChain, walkAuditChain } from './verify';
import { field, isoFromCopy } from './verify-range';
import { rangeReader, streamChain, withHashers } from './verify-stream';

// Decision 0028: `audit verify` streams the sealed chain out of the database in ranges and hashes it
// in Node. These tests run it over ranges of two entries, so every link between ranges is crossed.

let clinic: TestClinic;

const entry = (origin: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date('2026-11-25T09:00:00.007Z'),
  actorId: null,
  actorRole: 'system',
  action: 'read',
  objectType: 'client',
  objectId: null,
  clientId: null,
  basis: 'system',
  reason: null,
  outcome: 'allowed',
  origin,
  ...extra,
});

beforeAll(async () => {
  clinic = await aClinic();
  const practitioner = await clinic.hire('practitioner');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await clinic.aClient(practitioner);
    ids.push(id);
    await expectStatus(practitioner.call('GET', `/api/clients/${id}`), 200);
  }
  await clinic.database.db.transaction((tx) =>
    appendAudit(tx, [
      // What COPY's text format escapes (tab, newline, carriage return, backslash) and what it does
      // not (other control characters, quotes, Unicode), and a time on a whole second.
      entry('test:stream', {
        reason: 'Spoed: "allergie" —\tZoë\nregel 2\r\\ \u0001 ✓ 🩺',
        objectId: 'x"y\\z',
        at: new Date('2026-11-25T09:00:00.000Z'),
      }),
      entry('test:stream-list', {
        clients: ids.map((clientId, i) => ({ clientId, basis: i === 0 ? 'relationship' : null })),
      }),
    ]),
  );
  await sealAudit(clinic.database.db);
});
afterAll(() => clinic.close());

function reader() {
  const read = rangeReader(clinic.database.db);
  if (!read) throw new Error('this database cannot stream its audit chain');
  return read;
}

async function lastSeq(): Promise<number> {
  const [row] = await clinic.database.asOwner('select max(seq)::int as n from audit_event');
  return Number(row?.n);
}

async function tamper(statement: string): Promise<void> {
  await clinic.database.asOwner(`
    begin;
    alter table audit_event disable trigger audit_event_append_only;
    ${statement};
    alter table audit_event enable trigger audit_event_append_only;
    commit;`);
}

describe('audit verify, streamed (decision 0028)', () => {
  it('reads COPY text fields and times as the hash wrote them', () => {
    expect(field('\\N')).toBeNull();
    expect(field('a\\tb\\nc\\rd\\\\e\\\\N')).toBe('a\tb\nc\rd\\e\\N');
    expect(field('plain')).toBe('plain');
    expect(isoFromCopy('2026-11-25 09:00:00+00')).toBe('2026-11-25T09:00:00.000Z');
    expect(isoFromCopy('2026-11-25 09:00:00.5+00')).toBe('2026-11-25T09:00:00.500Z');
    expect(isoFromCopy('2026-11-25 09:00:00.123456+00')).toBe(
      new Date('2026-11-25T09:00:00.123456Z').toISOString(),
    );
    expect(isoFromCopy('2026-11-25 10:00:00+01')).toBe('2026-11-25 10:00:00+01');
  });

  it('[P10.1] checks the whole chain across ranges and agrees with the walk', async () => {
    const db = clinic.database.db;
    const read = reader();
    const last = await lastSeq();
    expect(last).toBeGreaterThan(6);
    const streamed = await streamChain(read, last, new Set([1, last]), 2);
    const walked = await walkAuditChain(db);
    expect(streamed).toMatchObject({ ok: true, entries: last });
    expect(walked).toMatchObject({ ok: true, entries: last });
    if (!streamed.ok || !walked.ok) return;
    expect(streamed.headHash).toBe(walked.headHash);
    expect([...streamed.hashes.keys()].sort((a, b) => a - b)).toEqual([1, last]);
    // The same in hashing threads, ranges joined in order whatever thread finishes first.
    const threaded = await withHashers((hash) => streamChain(read, last, new Set([1, last]), 2, hash));
    expect(threaded).toMatchObject({ ok: true, entries: last, headHash: streamed.headHash });
    const verified = await verifyAuditChain(db, readAnchors(clinic.context.config.auditAnchorFile));
    expect(verified).toMatchObject({ ok: true, method: 'stream', entries: last });
    // PGlite reads a range as the session's own role, for that one statement only: every query after
    // it runs as the app role again, under row-level security.
    const roles = (await db.execute(sql`select current_user as role`)) as unknown as {
      rows: { role: string }[];
    };
    const [after] = roles.rows;
    expect(after?.role).toBe(APP_ROLE);
  });

  it('[P10.1] finds a broken link where one range meets the next, and a changed entry', async () => {
    const read = reader();
    const last = await lastSeq();
    const [row] = await clinic.database.asOwner('select prev_hash, origin from audit_event where seq = 5');
    await tamper(`update audit_event set prev_hash = '${'f'.repeat(64)}' where seq = 5`);
    try {
      const expected = { ok: false, entries: 4, problem: 'entry 5 does not link to entry 4' };
      expect(await streamChain(read, last, new Set(), 2)).toMatchObject(expected);
      expect(await streamChain(read, last, new Set(), 3)).toMatchObject(expected); // inside a range
      expect(await withHashers((hash) => streamChain(read, last, new Set(), 2, hash))).toMatchObject(
        expected,
      );
    } finally {
      await tamper(`update audit_event set prev_hash = '${String(row?.prev_hash)}' where seq = 5`);
    }
    await tamper(`update audit_event set origin = 'web:elsewhere' where seq = ${last}`);
    try {
      expect(await streamChain(read, last, new Set(), 2)).toMatchObject({
        ok: false,
        problem: `entry ${last} was changed after it was written`,
      });
      expect(await verifyAuditChain(clinic.database.db)).toMatchObject({ ok: false, brokenAt: last });
    } finally {
      await tamper(`update audit_event set origin = 'test:stream-list' where seq = ${last}`);
    }
    await tamper('delete from audit_event where seq = 3');
    expect(await streamChain(read, last, new Set(), 2)).toMatchObject({
      ok: false,
      problem: 'entry 3 is missing',
    });
    expect(await verifyAuditChain(clinic.database.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
