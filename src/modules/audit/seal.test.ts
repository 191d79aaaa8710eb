import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { appendAudit } from './chain';
import type { AuditEntry } from './events';
import { sealAudit } from './seal';
import { verifyAuditChain } from './verify';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

function entry(origin: string): AuditEntry {
  return {
    at: new Date(),
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
  };
}

class RolledBack extends Error {}

async function entries(): Promise<number> {
  const [row] = await database.asOwner('select count(*)::int as n from audit_event');
  return Number(row?.n);
}

describe('the sealer', () => {
  it('[P10.1] chains the entries of concurrent audited actions, committed or rolled back, into a trail that verifies', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            entries: fc.integer({ min: 1, max: 4 }),
            rollback: fc.boolean(),
            delay: fc.integer({ min: 0, max: 5 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 11 }),
        async (actions, sealAfter) => {
          run += 1;
          const before = await entries();
          // Each action in its own transaction, all at once (several connections on PostgreSQL),
          // with a sealer round racing them.
          const outcomes = await Promise.allSettled([
            ...actions.map((action, i) =>
              database.db.transaction(async (tx) => {
                await new Promise((resolve) => setTimeout(resolve, action.delay));
                await appendAudit(
                  tx,
                  Array.from({ length: action.entries }, (_, k) => entry(`prop:${run}:${i}:${k}`)),
                );
                await new Promise((resolve) => setTimeout(resolve, action.delay));
                if (action.rollback) throw new RolledBack();
              }),
            ),
            new Promise((resolve) => setTimeout(resolve, sealAfter)).then(() => sealAudit(database.db)),
          ]);
          for (const outcome of outcomes) {
            if (outcome.status === 'rejected' && !(outcome.reason instanceof RolledBack))
              throw outcome.reason;
          }
          const committed = actions.filter((a) => !a.rollback).reduce((sum, a) => sum + a.entries, 0);
          const result = await verifyAuditChain(database.db);
          expect(result).toMatchObject({ ok: true, entries: before + committed });
          expect(await entries()).toBe(before + committed);
          // Sealed in transaction order: no entry of an older transaction after a younger one's.
          const [order] = await database.asOwner(`
            select count(*)::int as backwards from (
              select xid < lag(xid) over (order by seq) as back from audit_event where xid is not null
            ) t where back`);
          expect(order?.backwards).toBe(0);
          // Each action's entries stay together, in their order, in the sealed chain.
          const rows = await database.asOwner(
            `select origin from audit_event where origin like 'prop:${run}:%' order by seq`,
          );
          const origins = rows.map((r) => String(r.origin));
          for (let i = 0; i < actions.length; i++) {
            const mine = origins.filter((o) => o.startsWith(`prop:${run}:${i}:`));
            if (mine.length === 0) continue;
            const first = origins.indexOf(mine[0] as string);
            expect(origins.slice(first, first + mine.length)).toEqual(mine);
            expect(mine).toEqual(mine.map((_, k) => `prop:${run}:${i}:${k}`));
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    '[P10.1] never seals a younger transaction while an older one can still commit (PostgreSQL)',
    async () => {
      await sealAudit(database.db);
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let appended: () => void = () => {};
      const older = new Promise<void>((resolve) => {
        appended = resolve;
      });
      const slow = database.db.transaction(async (tx) => {
        await appendAudit(tx, [entry('horizon:older')]);
        appended();
        await held;
      });
      await older;
      await database.db.transaction((tx) => appendAudit(tx, [entry('horizon:younger')]));
      // The older transaction is still open: the younger one's entry must wait for it.
      await sealAudit(database.db);
      const [younger] = await database.asOwner(
        `select seq from audit_event where origin = 'horizon:younger'`,
      );
      expect(younger?.seq).toBeNull();
      release();
      await slow;
      await sealAudit(database.db);
      const rows = await database.asOwner(
        `select origin from audit_event where origin like 'horizon:%' order by seq`,
      );
      expect(rows.map((r) => r.origin)).toEqual(['horizon:older', 'horizon:younger']);
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    },
  );
});
