import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { version } from '../../config';
import { migrationsFolder } from '../../db/migrate';
import { problem, problemSchema, sendProblem } from '../../platform/problem';
import type { BlobStore } from '../../platform/storage';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['pglite', 'postgres']),
    version: z.string(),
    /** Where photos live: the data folder or an S3-compatible bucket. */
    photoStore: z.enum(['folder', 's3']),
    /** Whether the photo store answered just now; uploads and photos answer 503 while it does not. */
    photoStoreAnswers: z.boolean(),
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

/** How long a health check waits for the photo store before calling it unavailable. */
const STORE_CHECK_MS = 3_000;

/** Does the store answer within STORE_CHECK_MS? */
export async function storeAnswers(store: BlobStore, waitMs = STORE_CHECK_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), waitMs);
  });
  try {
    return await Promise.race([store.check().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness (`/health`: ok while the database runs a query; says whether the photo store answers and
 * which instance answered) and readiness (`/health/ready`: 503 while the database or the photo store
 * is unavailable or a migration of this build is not yet applied — while another instance migrates,
 * or against an older copy of the database — so a load balancer sends nothing here yet).
 */
export function healthRoutes({
  database,
  photoStore,
  config,
}: Pick<AppContext, 'database' | 'photoStore' | 'config'>): FastifyPluginAsyncZod {
  const expected = newestMigration();
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Whether the server and its database are up, and whether the photo store answers',
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
        return {
          status: 'ok' as const,
          database: database.kind,
          version,
          photoStore: photoStore.kind,
          photoStoreAnswers: await storeAnswers(photoStore),
          instance: config.instanceId,
        };
      },
    );

    app.get(
      '/health/ready',
      {
        config: { access: 'public' },
        schema: {
          summary:
            'Whether this instance may be sent requests: database up, every migration applied, photo store answers',
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
        if (!(await storeAnswers(photoStore)))
          return sendProblem(reply, problem(503, `the photo store (${photoStore.kind}) does not answer`));
        return { status: 'ready' as const, database: database.kind, instance: config.instanceId };
      },
    );
  };
}
