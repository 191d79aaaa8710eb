import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { version } from '../../config';
import { problem, problemSchema, sendProblem } from '../../platform/problem';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['pglite', 'postgres']),
    version: z.string(),
  })
  .meta({ id: 'Health' });

/** Liveness and readiness in one: answers ok only when the database runs a query. */
export function healthRoutes({ database }: Pick<AppContext, 'database'>): FastifyPluginAsyncZod {
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
        return { status: 'ok' as const, database: database.kind, version };
      },
    );
  };
}
