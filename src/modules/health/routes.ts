import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { version } from '../../config';
import { migrationsFolder } from '../../db/migrate';
import { problem, problemSchema, sendProblem } from '../../platform/problem';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['pglite', 'postgres']),
    version: z.string(),
    /** Which app instance answered (VELLUM_INSTANCE_ID, or host name and process id). */
    instance: z.string(),
  })
  .meta({ id: 'Health' });

export const readinessSchema = z
  .object({
    status: z.literal('ready'),
    database: z.enum(['pglite', 'postgres']),
    instance: z.string(),
  })
  .meta({ id: 'Readiness' });

/** When the newest migration this build brings was written (Drizzle records it per applied migration). */
function newestMigration(folder = migrationsFolder): number {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/**
 * Liveness (`/health`: the server runs and its database answers) and readiness (`/health/ready`:
 * also every migration of this build is applied — while another instance migrates, or against an
 * older copy of the database, it answers 503, so a load balancer sends nothing here yet).
 */
export function healthRoutes({
  database,
  config,
}: Pick<AppContext, 'database' | 'config'>): FastifyPluginAsyncZod {
  const expected = newestMigration();
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Whether the server and its database are up',
          tags: ['system'],
          response: { 200: healthSchema, 503: problemSchema },
        },
      },
      async (_request, reply) => {
        try {
          await database.ping();
        } catch {
          return sendProblem(reply, problem(503, 'database unavailable'));
        }
        return { status: 'ok' as const, database: database.kind, version, instance: config.instanceId };
      },
    );
    app.get(
      '/health/ready',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Whether this instance may be sent requests: database up, every migration applied',
          tags: ['system'],
          response: { 200: readinessSchema, 503: problemSchema },
        },
      },
      async (_request, reply) => {
        let applied: number;
        try {
          const result = await database.db.execute(
            sql`select coalesce(max(created_at), 0)::text as newest from drizzle.__drizzle_migrations`,
          );
          applied = Number((result as unknown as { rows: { newest: string }[] }).rows[0]?.newest ?? 0);
        } catch {
          return sendProblem(reply, problem(503, 'database unavailable'));
        }
        if (applied < expected) return sendProblem(reply, problem(503, 'database migrations pending'));
        return { status: 'ready' as const, database: database.kind, instance: config.instanceId };
      },
    );
  };
}
