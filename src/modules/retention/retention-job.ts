import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock';
import { Conflict } from '../../platform/errors';
import type { Retention } from './retention.service';

/**
 * Runs retention every night at 02:30 UTC. Each batch takes the job's advisory lock, so of several
 * instances one does the work and the others stop at their first batch.
 */
export function scheduleRetention(
  retention: Retention,
  clock: Clock,
  log: FastifyBaseLogger,
): { stop(): void } {
  const run = async () => {
    try {
      const summary = await retention.run({ asOf: clock.now(), dryRun: false });
      log.info(summary, 'retention run');
    } catch (err) {
      if (err instanceof Conflict) log.info('retention is running on another instance');
      else log.error({ err }, 'retention run failed');
    }
  };
  const job = new Cron('30 2 * * *', { timezone: 'UTC', protect: true }, run);
  return { stop: () => job.stop() };
}
