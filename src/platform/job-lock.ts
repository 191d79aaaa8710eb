import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/connection';
import { sha256Hex } from './crypto';

/**
 * Runs a scheduled job only if no other instance is running it: a transaction-scoped advisory
 * lock, so a crashed instance never leaves it held. Returns false when another instance has it.
 * `work` must use the transaction it is given: PGlite has one connection, held by it.
 */
export type JobTx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function withJobLock(
  database: Database,
  job: string,
  work: (tx: JobTx) => Promise<void>,
): Promise<boolean> {
  return database.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, job))) return false;
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

/** Takes the job's lock for the rest of this transaction, waiting while another instance runs it. */
export async function awaitJobLock(tx: Pick<JobTx, 'execute'>, job: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${jobKey(job)}::bigint)`);
}
