/**
 * The sealer (decision 0022): chains committed, unsealed audit entries onto the sealed chain in one
 * total order. It seals only entries whose transaction is older than its snapshot's horizon
 * (`pg_snapshot_xmin`, see HORIZON): every such transaction has ended, so each one's entries are either all
 * visible (committed) or gone (rolled back), and no transaction that could still commit is older
 * than anything sealed — later batches only ever hold younger transactions. Within a batch the
 * order is (transaction id, stripe, number): deterministic, and each action's entries stay together.
 */
import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../../db/connection';
import { awaitJobLock, type JobTx, tryJobLock } from '../../platform/job-lock';
import type { Actor } from '../access/actor';
import { setActor } from '../access/gate';
import { type AuditRow, chainedFromRow, clientsOfRow, entryHash } from './chain';

/** Entries left unsealed longer than this are a failure of `audit verify`. */
export const SEAL_BOUND_SECONDS = 60;

const SEALER: Actor = { kind: 'system', name: 'audit-seal' };
const JOB = 'audit-seal';
const BATCH = 5000;

/**
 * The horizon: the oldest transaction of this database still running in the sealer's snapshot
 * (its xmin, minus transactions of other databases on the same server, which can never write
 * here — a long bulk load in another database would otherwise hold every clinic's sealing back),
 * or the snapshot's xmax when none is. A transaction is left out only when its lock shows it
 * belongs to another database; one whose lock is not visible yet is kept (it holds the horizon).
 */
const HORIZON = sql.raw(`
  select coalesce(
    (select min(x) from pg_snapshot_xip(s.snap) as x
      where not exists (
        select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'transactionid'
          and l.transactionid::text = (x::text::bigint % 4294967296)::text
          and a.datid is distinct from (select oid from pg_database where datname = current_database()))),
    pg_snapshot_xmax(s.snap))
  from (select pg_current_snapshot() as snap) s`);

type PendingRow = AuditRow & { stripe: number; stripe_n: string | number; form: number };

/** Seals up to one batch inside `tx` (which holds the job lock); returns how many it sealed. */
async function sealBatch(tx: Pick<JobTx, 'execute'>): Promise<number> {
  await setActor(tx, SEALER, new Date());
  const head = await tx.execute(sql`select seq, hash from audit_head where id = true for update`);
  const [top] = (head as unknown as { rows: { seq: string | number; hash: string }[] }).rows;
  if (!top) throw new Error('the audit chain has no head row');
  const pending = await tx.execute(sql`
    select at, actor_id, actor_role, action, object_type, object_id, client_id, basis, reason,
           outcome, origin, stripe, stripe_n, form,
           case when form = 3 then ${clientsOfRow('e')} end as clients
    from audit_event e
    where seq is null and xid < (${HORIZON})
    order by xid, stripe, stripe_n
    limit ${BATCH}`);
  const rows = (pending as unknown as { rows: PendingRow[] }).rows;
  if (rows.length === 0) return 0;
  let seq = Number(top.seq);
  let prevHash = top.hash;
  const stripes: number[] = [];
  const numbers: number[] = [];
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const row of rows) {
    seq += 1;
    const stripeN = Number(row.stripe_n);
    const hash = entryHash(chainedFromRow(row, seq, prevHash, Number(row.form) === 3 ? 3 : 2));
    stripes.push(Number(row.stripe));
    numbers.push(stripeN);
    seqs.push(seq);
    prevs.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  const updated = await tx.execute(sql`
    update audit_event e set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    from unnest(${sql.param(stripes)}::smallint[], ${sql.param(numbers)}::bigint[],
                ${sql.param(seqs)}::bigint[], ${sql.param(prevs)}::text[], ${sql.param(hashes)}::text[])
         as v(stripe, stripe_n, seq, prev_hash, hash)
    where e.stripe = v.stripe and e.stripe_n = v.stripe_n and e.seq is null
    returning 1`);
  const count = (updated as unknown as { rows: unknown[] }).rows.length;
  if (count !== rows.length) throw new Error(`sealing: ${count} of ${rows.length} entries updated`);
  await tx.execute(sql`update audit_head set seq = ${seq}, hash = ${prevHash} where id = true`);
  return rows.length;
}

/**
 * Seals every entry that can be sealed now, waiting for a running sealer to finish first. For reads
 * that need the sealed chain (verify, the anchor) and for tests. Returns how many it sealed.
 */
export async function sealAudit(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      await awaitJobLock(tx, JOB);
      return sealBatch(tx);
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/** One scheduled round: seals what it can unless another instance is sealing right now. */
export async function sealRound(database: Database): Promise<number> {
  let total = 0;
  for (;;) {
    let sealed = 0;
    const ran = await database.db.transaction(async (tx) => {
      if (!(await tryJobLock(tx, JOB))) return false;
      sealed = await sealBatch(tx);
      return true;
    });
    total += sealed;
    if (!ran || sealed < BATCH) return total;
  }
}

/** Runs the sealer every second (well inside SEAL_BOUND_SECONDS). */
export function scheduleAuditSealer(database: Database, log: FastifyBaseLogger): { stop(): void } {
  const job = new Cron('* * * * * *', { protect: true }, async () => {
    try {
      await sealRound(database);
    } catch (err) {
      log.error({ err }, 'sealing the audit trail failed');
    }
  });
  return { stop: () => job.stop() };
}
