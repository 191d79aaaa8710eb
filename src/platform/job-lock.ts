import { Cron, type CronOptions } from 'croner';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/connection';
import { sha256Hex } from './crypto';
import { instanceId } from './instance';

/**
 * Scheduled jobs with several app instances on one database (issue 17). Every instance's cron fires,
 * so two guards:
 * - the job's advisory lock (transaction-scoped, so a crashed instance never leaves it held) keeps two
 *   runs from overlapping;
 * - the `job_run` record (migration 0052), one row per job and slot — the time the schedule named —
 *   inserted in the run's own transaction, makes a run happen once per slot: an instance whose cron
 *   fires after the first has committed finds the row and skips. A run whose transaction fails leaves
 *   no row, so another instance (or the next slot) may try again.
 *
 * `work` must use the transaction it is given: PGlite has one connection, held by it.
 */
export type JobTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** How long a slot's record is kept; older ones are removed when the job claims a newer slot. */
const KEEP_DAYS = 30;

export async function withJobLock(
  database: Database,
  job: string,
  work: (tx: JobTx) => Promise<void>,
  options: { slot?: Date } = {},
): Promise<boolean> {
  return database.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, job))) return false;
    if (options.slot && !(await claimJobSlot(tx, job, options.slot))) return false;
    await work(tx);
    return true;
  });
}

function jobKey(job: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(`vellum-job:${job}`).slice(0, 16)}`)).toString();
}

/** Takes the job's lock for the rest of this transaction; false when another instance holds it. */
export async function tryJobLock(tx: Pick<JobTx, 'execute'>, job: string): Promise<boolean> {
  const key = jobKey(job);
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}::bigint) as locked`);
  return (result as unknown as { rows: { locked: boolean }[] }).rows[0]?.locked === true;
}

/**
 * Records in this transaction that the job runs for `slot`; false when an instance already has (the
 * row exists, or another transaction holding the job's lock is inserting it). Takes the job's
 * advisory lock first, so a second instance skips at once instead of waiting on the row.
 */
export async function claimJobSlot(tx: Pick<JobTx, 'execute'>, job: string, slot: Date): Promise<boolean> {
  if (!(await tryJobLock(tx, job))) return false;
  const inserted = await tx.execute(sql`
    insert into job_run (job, slot, instance) values (${job}, ${slot.toISOString()}::timestamptz, ${instanceId()})
    on conflict (job, slot) do nothing
    returning job`);
  if ((inserted as unknown as { rows: unknown[] }).rows.length === 0) return false;
  await tx.execute(sql`
    delete from job_run
    where job = ${job} and slot < ${slot.toISOString()}::timestamptz - make_interval(days => ${KEEP_DAYS})`);
  return true;
}

/**
 * For a job of several transactions (retention, backups, the shop job): records the slot in a
 * transaction of its own before the run. A run that then fails is not repeated by another instance
 * for that slot; the next slot takes up what is left (these jobs work through whatever is due).
 */
export async function claimSlotBeforeRun(database: Database, job: string, slot: Date): Promise<boolean> {
  return withJobLock(database, job, async () => {}, { slot });
}

/**
 * The time the schedule named for a run that starts at `now`: the latest time of the pattern at or
 * before it. Instances whose clocks differ by less than the interval name the same slot.
 */
export function slotOf(pattern: string, now: Date, timezone?: string): Date {
  const [slot] = new Cron(pattern, { timezone }).previousRuns(1, new Date(now.getTime() + 1));
  if (!slot) throw new Error(`the schedule ${pattern} has no time before ${now.toISOString()}`);
  return slot;
}

/** A cron job whose callback is given its slot (see slotOf). */
export function scheduleWithSlot(
  pattern: string,
  options: Pick<CronOptions, 'timezone' | 'protect'>,
  run: (slot: Date) => Promise<void>,
): Cron {
  return new Cron(pattern, options, () => run(slotOf(pattern, new Date(), options.timezone)));
}

/** Takes the job's lock for the rest of this transaction, waiting while another instance runs it. */
export async function awaitJobLock(tx: Pick<JobTx, 'execute'>, job: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${jobKey(job)}::bigint)`);
}
