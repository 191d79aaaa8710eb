import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isLive, type Progress } from '../../platform/progress';
import { type Actor, job } from '../access/actor';
import type { AccessGate } from '../access/gate';
import type { RetentionSummary } from './retention.service';

/**
 * The steps of a retention run, in order: the list of what is due, the contact-form questions, the
 * financial records, the dossiers (clients done of due, a batch at a time), then the clean-up.
 */
export type RetentionStep = 'listing' | 'contact_requests' | 'financial_records' | 'dossiers' | 'cleanup';

export type RetentionRunState = {
  /** The run going on now, on whichever instance. */
  running: (Progress<RetentionStep> & { startedAt: Date; updatedAt: Date }) | null;
  /** The run before: its summary, or that it failed or stopped (no update for two minutes). */
  last: {
    outcome: 'ok' | 'failed' | 'interrupted';
    startedAt: Date;
    endedAt: Date;
    summary: RetentionSummary | null;
  } | null;
};

const JOB: Actor = job('retention');
const ORIGIN = 'job:retention';
/** A run still alive says so this often, also during a long batch or clean-up. */
const HEARTBEAT_MS = 30_000;

type Row = {
  step: RetentionStep;
  done: number;
  total: number;
  started_at: string | Date;
  updated_at: string | Date;
  finished_at: string | Date | null;
  outcome: 'ok' | 'failed' | null;
  summary: RetentionSummary | string | null;
};

/**
 * One retention run's progress in the database (migration 0061), so every instance and the owner's
 * screen through any of them see it. A run claims the one row only when no other run is live on it;
 * one that did not claim it (another instance runs) writes nothing, and its own Conflict follows.
 */
export class RetentionProgress {
  private readonly runId = randomUUID();
  private claimed = false;
  private last: Progress<RetentionStep> = { step: 'listing', done: 0, total: 0 };
  private heartbeat: NodeJS.Timeout | undefined;
  // One write after another (a heartbeat never lands after a newer step); a failed write is
  // dropped, as progress must never fail the run. A batch takes seconds: no throttle needed.
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly gate: AccessGate) {}

  /** Claims the record; a failure here leaves the run without progress, never stops it. */
  async start(): Promise<void> {
    this.claimed = await this.claim().catch(() => false);
    if (this.claimed) {
      this.heartbeat = setInterval(() => void this.report(this.last), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  private claim(): Promise<boolean> {
    return this.gate.act(JOB, ORIGIN, async (scope) => {
      const now = scope.now.toISOString();
      const result = await scope.tx.execute(sql`
        insert into retention_progress (id, run_id, step, done, total, started_at, updated_at)
        values (1, ${this.runId}::uuid, 'listing', 0, 0, ${now}::timestamptz, ${now}::timestamptz)
        on conflict (id) do update set run_id = excluded.run_id, step = excluded.step, done = 0, total = 0,
          started_at = excluded.started_at, updated_at = excluded.updated_at,
          finished_at = null, outcome = null, summary = null
        where retention_progress.finished_at is not null
           or retention_progress.updated_at < ${now}::timestamptz - interval '120 seconds'
        returning run_id`);
      return (result as unknown as { rows: unknown[] }).rows.length === 1;
    });
  }

  /** Records where the run is; resolves once written. */
  report(progress: Progress<RetentionStep>): Promise<void> {
    this.last = progress;
    if (!this.claimed) return this.chain;
    this.chain = this.chain.then(() => this.write(progress)).catch(() => {});
    return this.chain;
  }

  async finish(outcome: 'ok' | 'failed', summary: RetentionSummary | null): Promise<void> {
    clearInterval(this.heartbeat);
    await this.chain;
    if (!this.claimed) return;
    await this.gate
      .act(JOB, ORIGIN, async (scope) => {
        await scope.tx.execute(sql`
        update retention_progress
        set finished_at = ${scope.now.toISOString()}::timestamptz, updated_at = ${scope.now.toISOString()}::timestamptz,
            outcome = ${outcome}, summary = ${summary ? JSON.stringify(summary) : null}::jsonb
        where run_id = ${this.runId}::uuid`);
      })
      .catch(() => {});
  }

  private async write(progress: Progress<RetentionStep>): Promise<void> {
    await this.gate.act(JOB, ORIGIN, async (scope) => {
      await scope.tx.execute(sql`
        update retention_progress
        set step = ${progress.step}, done = ${progress.done}, total = ${progress.total},
            updated_at = ${scope.now.toISOString()}::timestamptz
        where run_id = ${this.runId}::uuid and finished_at is null`);
    });
  }
}

/** The run going on and the one before (owner). Counts only: reading it leaves no audit entry. */
export async function retentionRunState(
  gate: AccessGate,
  actor: Actor,
  origin: string,
): Promise<RetentionRunState> {
  return gate.act(actor, origin, async (scope) => {
    scope.requireRole(['owner'], { action: 'read', objectType: 'retention' });
    const result = await scope.tx.execute(
      sql`select step, done, total, started_at, updated_at, finished_at, outcome, summary from retention_progress`,
    );
    const [row] = (result as unknown as { rows: Row[] }).rows;
    if (!row) return { running: null, last: null };
    const startedAt = new Date(row.started_at);
    const updatedAt = new Date(row.updated_at);
    if (row.finished_at === null && isLive(updatedAt, scope.now)) {
      return {
        running: { step: row.step, done: row.done, total: row.total, startedAt, updatedAt },
        last: null,
      };
    }
    const summary =
      typeof row.summary === 'string' ? (JSON.parse(row.summary) as RetentionSummary) : row.summary;
    return {
      running: null,
      last: {
        outcome: row.finished_at === null ? 'interrupted' : (row.outcome ?? 'failed'),
        startedAt,
        endedAt: row.finished_at === null ? updatedAt : new Date(row.finished_at),
        summary,
      },
    };
  });
}
