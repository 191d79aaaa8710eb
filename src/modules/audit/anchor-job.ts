import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/connection';
import { systemClock } from '../../platform/clock';
import { scheduleWithSlot, withJobLock } from '../../platform/job-lock';
import { writeAnchor } from './anchor';
import { sealAudit } from './seal';

/**
 * Writes the audit chain's head to the anchor file at start and every day at 03:15 (the clinic's
 * time zone is irrelevant here). Guarded by the job's lock and record, so one instance of several
 * writes each day's (see job-lock.ts).
 */
export function scheduleAuditAnchors(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
): { stop(): void } {
  const run = async (slot?: Date) => {
    try {
      await runAuditAnchor(database, config, log, slot);
    } catch (err) {
      log.error({ err }, 'writing the audit anchor failed');
    }
  };
  void run();
  const job = scheduleWithSlot(ANCHOR_SCHEDULE, { timezone: 'UTC', protect: true }, run);
  return { stop: () => job.stop() };
}

export const ANCHOR_SCHEDULE = '15 3 * * *';

/**
 * One anchor; with a slot, once for that slot across instances (the run at start has none: each
 * instance anchors the head it starts with). False when another instance has it.
 */
export async function runAuditAnchor(
  database: Database,
  config: Pick<Config, 'auditAnchorFile'>,
  log: Pick<FastifyBaseLogger, 'info'>,
  slot?: Date,
): Promise<boolean> {
  // The anchor is the sealed head: seal what has committed first.
  await sealAudit(database.db);
  return withJobLock(
    database,
    'audit-anchor',
    async (tx) => {
      const anchor = await writeAnchor(tx, config.auditAnchorFile, systemClock);
      if (anchor) log.info({ seq: anchor.seq }, 'audit chain anchored');
    },
    { slot },
  );
}
