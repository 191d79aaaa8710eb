import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { signInThrottle } from '../db/schema';
import { TooMany } from './errors';

/**
 * Back-off for failed attempts under keys the caller chooses: sign-in (see the staff module's
 * sign-in-throttle.ts), public forms and the privacy portal per network address (a keyed hash, never
 * the address). Five free failures by default, then 30 s doubling to at most 15 minutes. Kept in the
 * database so several app instances share it.
 */
const FREE_FAILURES = 5;
const FIRST_BLOCK_MS = 30_000;
const MAX_BLOCK_MS = 15 * 60_000;
const QUIET_MS = 60 * 60_000;

export type ThrottleTx = Pick<Db, 'select' | 'execute' | 'delete' | 'insert'>;
type Q = ThrottleTx;

export async function assertNotThrottled(tx: Q, keys: string[], now: Date): Promise<void> {
  const rows = await tx.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
  const until = Math.max(0, ...rows.map((row) => row.blockedUntil?.getTime() ?? 0));
  if (until > now.getTime()) {
    throw new TooMany('too many failed attempts; try again later', Math.ceil((until - now.getTime()) / 1000));
  }
}

/**
 * Counts one attempt against each key. `free` attempts pass before the back-off starts: five for a
 * password, more for public forms where a family may book several times from one address.
 */
export async function recordFailure(
  tx: Q,
  keys: string[],
  now: Date,
  options: { free: number } = { free: FREE_FAILURES },
): Promise<void> {
  for (const key of keys) {
    const result = await tx.execute(sql`
      insert into sign_in_throttle (key, failures, last_failure_at) values (${key}, 1, ${now})
      on conflict (key) do update set
        -- An hour without attempts starts the count afresh.
        failures = case when sign_in_throttle.last_failure_at < ${new Date(now.getTime() - QUIET_MS)}
                        then 1 else sign_in_throttle.failures + 1 end,
        last_failure_at = ${now}
      returning failures`);
    const failures = Number((result as unknown as { rows: { failures: number }[] }).rows[0]?.failures ?? 0);
    if (failures >= options.free) {
      const block = Math.min(MAX_BLOCK_MS, FIRST_BLOCK_MS * 2 ** (failures - options.free));
      await tx.execute(
        sql`update sign_in_throttle set blocked_until = ${new Date(now.getTime() + block)} where key = ${key}`,
      );
    }
  }
}

export async function clearFailures(tx: Q, keys: string[]): Promise<void> {
  await tx.delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
