import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { version } from '../../config';
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
  })
  .meta({ id: 'Health' });

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
 * Liveness (`/health`: ok while the database runs a query; says whether the photo store answers) and
 * readiness (`/health/ready`: 503 while the database or the photo store is unavailable, so a load
 * balancer sends no requests to an instance that cannot serve photos).
 */
export function healthRoutes({
  database,
  photoStore,
}: Pick<AppContext, 'database' | 'photoStore'>): FastifyPluginAsyncZod {
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
        };
      },
    );

    app.get(
      '/health/ready',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Whether this instance can serve requests: its database and its photo store answer',
          tags: ['system'],
          response: { 200: z.object({ status: z.literal('ready') }), 503: problemSchema },
        },
      },
      async (_request, reply) => {
        try {
          await database.ping();
        } catch {
          return sendProblem(reply, problem(503, 'database unavailable'));
        }
        if (!(await storeAnswers(photoStore)))
          return sendProblem(reply, problem(503, `the photo store (${photoStore.kind}) does not answer`));
        return { status: 'ready' as const };
      },
    );
  };
}
