import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connection';
import type { Clock } from '../../platform/clock';
import { Conflict } from '../../platform/errors';
import { claimSlotBeforeRun, scheduleWithSlot } from '../../platform/job-lock';
import type { Retention, RetentionSummary } from './retention.service';

export const RETENTION_SCHEDULE = '30 2 * * *';

/**
 * Runs retention every night at 02:30 UTC, once across instances: the first to record the night's
 * slot runs it, the others skip (job-lock.ts). Each batch also takes the job's advisory lock, so a
 * run from the command line and the nightly one never destroy side by side.
 */
export function scheduleRetention(
  database: Database,
  retention: Retention,
  clock: Clock,
  log: FastifyBaseLogger,
): { stop(): void } {
  const job = scheduleWithSlot(RETENTION_SCHEDULE, { timezone: 'UTC', protect: true }, async (slot) => {
    await runScheduledRetention(database, retention, clock, log, slot);
  });
  return { stop: () => job.stop() };
}

/** One scheduled run for `slot`; undefined when another instance has it. */
export async function runScheduledRetention(
  database: Database,
  retention: Retention,
  clock: Clock,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  slot: Date,
): Promise<RetentionSummary | undefined> {
  try {
    if (!(await claimSlotBeforeRun(database, 'retention', slot))) {
      log.info('retention ran or runs on another instance');
      return undefined;
    }
    const summary = await retention.run({ asOf: clock.now(), dryRun: false });
    log.info(summary, 'retention run');
    return summary;
  } catch (err) {
    if (err instanceof Conflict) log.info('retention is running on another instance');
    else log.error({ err }, 'retention run failed');
    return undefined;
  }
}
