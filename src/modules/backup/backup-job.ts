import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app';
import { Conflict } from '../../platform/errors';
import { claimSlotBeforeRun, scheduleWithSlot } from '../../platform/job-lock';
import { vacuumEverything } from '../erasure/vacuum';
import { createBackup, progressWriter, pruneBackups, writeStatus } from './backup.service';

/**
 * Every night at 01:30 UTC (before retention at 02:30): one backup into VELLUM_BACKUP_DIR, backups
 * older than VELLUM_BACKUP_KEEP_DAYS deleted — which is also how an erased client leaves the
 * backups — and the result written where the owner's page reads it. Of several instances one makes
 * it: the night's slot is recorded first, and the backup's own transaction takes the job's advisory
 * lock (a backup from the owner's page meanwhile). The embedded database, which
 * has no autovacuum, is then vacuumed and analysed.
 */
export function scheduleBackups(context: AppContext, log: FastifyBaseLogger): { stop(): void } {
  const job = scheduleWithSlot(BACKUP_SCHEDULE, { timezone: 'UTC', protect: true }, async (slot) => {
    await runNightlyBackup(context, log, slot);
    if (context.database.kind === 'pglite') {
      await vacuumEverything(context.database).then(
        () => log.info('nightly vacuum done'),
        (err) => log.warn({ err }, 'nightly vacuum failed'),
      );
    }
  });
  return { stop: () => job.stop() };
}

export const BACKUP_SCHEDULE = '30 1 * * *';

/**
 * The nightly backup; with a slot, once for it across instances: the backup's own transaction is
 * read-only, so the slot is recorded before it (job-lock.ts). Returns whether this call made one.
 */
export async function runNightlyBackup(
  context: Pick<AppContext, 'clock' | 'config' | 'database'>,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  slot?: Date,
): Promise<boolean> {
  const { config, database } = context;
  try {
    if (slot && !(await claimSlotBeforeRun(database, 'backup', slot))) {
      log.info("tonight's backup is made by another instance");
      return false;
    }
    const running = progressWriter(config, () => context.clock.now());
    const result = await createBackup(config, database, {
      now: context.clock.now(),
      progress: running.progress,
    }).finally(() => running.finish());
    await writeStatus(config, {
      at: result.manifest.createdAt,
      result: 'ok',
      file: result.file,
      bytes: result.bytes,
      seconds: result.seconds,
    });
    const pruned = await pruneBackups(config.backupDir, config.backupKeepDays, context.clock.now());
    log.info({ bytes: result.bytes, seconds: result.seconds, pruned: pruned.length }, 'backup made');
    return true;
  } catch (err) {
    if (err instanceof Conflict) {
      log.info('a backup is being made by another instance');
      return false;
    }
    log.error({ err }, 'backup failed');
    await writeStatus(config, {
      at: context.clock.now().toISOString(),
      result: 'failed',
      error: err instanceof Error ? err.message : String(err),
    }).catch(() => {});
    return false;
  }
}
