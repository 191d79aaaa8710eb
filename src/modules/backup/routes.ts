import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { readProgress, readStatus } from './backup.service';
import { runNightlyBackup } from './backup-job';

const DAY_MS = 24 * 3600 * 1000;

const lastBackup = z.object({
  at: z.iso.datetime().nullable(),
  result: z.enum(['ok', 'failed', 'none']),
  bytes: z.number().int().nullable(),
  seconds: z.number().nullable(),
  error: z.string().nullable(),
  /** When the last backup that worked was made (null when none has). */
  lastGoodAt: z.iso.datetime().nullable(),
  /** The last good backup is older than two days (or there is none): the owner's page warns. */
  stale: z.boolean(),
  /** Backups older than this many days are deleted (VELLUM_BACKUP_KEEP_DAYS). */
  keepDays: z.number().int(),
  /** A backup being made now (by any instance, the night's job or the owner's button): its step and how far. */
  running: z
    .object({
      step: z.enum(['tables', 'photos', 'check']),
      done: z.number().int(),
      total: z.number().int(),
      startedAt: z.iso.datetime(),
    })
    .nullable(),
});

/** The last backup's time, size and result (owner), and a backup made now (owner). */
export function backupRoutes(
  context: Pick<AppContext, 'clock' | 'config' | 'database' | 'gate'>,
): FastifyPluginAsyncZod {
  const { gate, clock, config } = context;
  const read = async () => {
    const status = await readStatus(config);
    const at = status?.at ?? null;
    const lastGoodAt = status?.lastGoodAt ?? (status?.result === 'ok' ? status.at : null);
    return {
      at,
      result: status?.result ?? ('none' as const),
      bytes: status?.bytes ?? null,
      seconds: status?.seconds ?? null,
      error: status?.error ?? null,
      lastGoodAt,
      keepDays: config.backupKeepDays,
      running: await readProgress(config, clock.now()).then((r) =>
        r ? { step: r.step, done: r.done, total: r.total, startedAt: r.startedAt } : null,
      ),
      stale: !lastGoodAt || clock.now().getTime() - new Date(lastGoodAt).getTime() > 2 * DAY_MS,
    };
  };
  return async (app) => {
    app.get(
      '/backups/last',
      {
        schema: {
          tags: ['system'],
          summary: 'The last backup: when, how big, whether it worked (owner)',
          response: { 200: lastBackup },
        },
      },
      async (request) => {
        await gate.act(request.actor, request.origin, async (scope) =>
          scope.requireRole(['owner'], { action: 'read', objectType: 'backup' }),
        );
        return read();
      },
    );
    app.post(
      '/backups',
      {
        schema: {
          tags: ['system'],
          summary: 'Make a backup now into the backup folder (owner); answers with its result',
          response: { 200: lastBackup },
        },
      },
      async (request) => {
        await gate.act(request.actor, request.origin, async (scope) =>
          scope.requireRole(['owner'], { action: 'create', objectType: 'backup' }),
        );
        await runNightlyBackup(context, request.log);
        return read();
      },
    );
  };
}
