import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/connection';
import { systemClock } from '../../platform/clock';
import { withJobLock } from '../../platform/job-lock';
import { writeAnchor } from './anchor';
import { sealAudit } from './seal';

/**
 * Writes the audit chain's head to the anchor file at start and every day at 03:15 (the clinic's
 * time zone is irrelevant here). Guarded by an advisory lock so one instance of several writes it.
 */
export function scheduleAuditAnchors(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
): { stop(): void } {
  const run = async () => {
    try {
      // The anchor is the sealed head: seal what has committed first.
      await sealAudit(database.db);
      await withJobLock(database, 'audit-anchor', async (tx) => {
        const anchor = await writeAnchor(tx, config.auditAnchorFile, systemClock);
        if (anchor) log.info({ seq: anchor.seq }, 'audit chain anchored');
      });
    } catch (err) {
      log.error({ err }, 'writing the audit anchor failed');
    }
  };
  void run();
  const job = new Cron('15 3 * * *', { timezone: 'UTC', protect: true }, run);
  return { stop: () => job.stop() };
}
