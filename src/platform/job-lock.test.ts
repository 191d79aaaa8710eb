import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { claimSlotBeforeRun, slotOf, withJobLock } from './job-lock';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

describe('the slot of a scheduled run', () => {
  it('is the time the schedule named, however late the timer fired', () => {
    expect(slotOf('*/10 * * * *', new Date('2026-12-07T10:10:00.004Z')).toISOString()).toBe(
      '2026-12-07T10:10:00.000Z',
    );
    expect(slotOf('*/10 * * * *', new Date('2026-12-07T10:17:31.500Z')).toISOString()).toBe(
      '2026-12-07T10:10:00.000Z',
    );
    expect(slotOf('30 2 * * *', new Date('2026-12-07T02:30:00.900Z'), 'UTC').toISOString()).toBe(
      '2026-12-07T02:30:00.000Z',
    );
    expect(slotOf('30 2 * * *', new Date('2026-12-07T02:29:59.000Z'), 'UTC').toISOString()).toBe(
      '2026-12-06T02:30:00.000Z',
    );
  });
});

describe('a job with a slot', () => {
  it('runs once for the slot, also when asked again after the first run has finished', async () => {
    const slot = new Date('2026-12-07T03:15:00Z');
    let runs = 0;
    const work = async () => {
      runs += 1;
    };
    expect(await withJobLock(database, 'test-job', work, { slot })).toBe(true);
    // Another instance whose cron fired a little later: the lock is free by now, the record is not.
    expect(await withJobLock(database, 'test-job', work, { slot })).toBe(false);
    expect(await claimSlotBeforeRun(database, 'test-job', slot)).toBe(false);
    expect(runs).toBe(1);
    // The next slot runs again; another job's same slot is its own.
    expect(await withJobLock(database, 'test-job', work, { slot: new Date('2026-12-08T03:15:00Z') })).toBe(
      true,
    );
    expect(await withJobLock(database, 'other-job', work, { slot })).toBe(true);
    expect(runs).toBe(3);
    // Without a slot only the lock applies (a run at start, or from the command line).
    expect(await withJobLock(database, 'test-job', work)).toBe(true);
    expect(runs).toBe(4);
  });

  it('leaves no record when the run fails, so it can be run again for that slot', async () => {
    const slot = new Date('2026-12-07T01:30:00Z');
    await expect(
      withJobLock(
        database,
        'failing-job',
        async () => {
          throw new Error('disk full');
        },
        { slot },
      ),
    ).rejects.toThrow('disk full');
    let ran = false;
    expect(
      await withJobLock(
        database,
        'failing-job',
        async () => {
          ran = true;
        },
        { slot },
      ),
    ).toBe(true);
    expect(ran).toBe(true);
  });

  it('keeps a month of records per job', async () => {
    const old = new Date('2026-10-01T00:00:00Z');
    await withJobLock(database, 'pruned-job', async () => {}, { slot: old });
    await withJobLock(database, 'pruned-job', async () => {}, { slot: new Date('2026-11-15T00:00:00Z') });
    const left = await database.asOwner(`select slot from job_run where job = 'pruned-job'`);
    expect(left).toHaveLength(1);
  });

  it('is a record staff and visitors cannot read or write (row-level security)', async () => {
    const asOwnerRole = async (statement: ReturnType<typeof sql>) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('vellum.actor_role', 'owner', true)`);
        return rows<{ n: number }>(await tx.execute(statement));
      });
    expect((await asOwnerRole(sql`select count(*)::int as n from job_run`))[0]?.n).toBe(0);
    await expect(
      asOwnerRole(sql`insert into job_run (job, slot, instance) values ('x', now(), 'x')`),
    ).rejects.toThrow();
    const all = await database.asOwner('select count(*)::int as n from job_run');
    expect(Number(all[0]?.n)).toBeGreaterThan(0);
  });
});
