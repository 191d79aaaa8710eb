import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { isoDay } from '../../platform/schemas';

/** Anonymous page-view counting for the public site, and the owner's report. */
export function statsRoutes({ stats }: Pick<AppContext, 'stats'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/public/stats/view',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Count a page view of the public site (anonymous: no cookie, nothing stored about the visitor)',
          body: z.object({ path: z.string().max(200) }),
        },
      },
      async (request, reply) => {
        await stats.recordView({
          path: request.body.path,
          userAgent: request.headers['user-agent'],
          address: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.get(
      '/stats',
      {
        schema: {
          tags: ['stats'],
          summary:
            'Website statistics per day (owner): pages, visits by browser and operating system, time on site',
          querystring: z.object({ from: isoDay, to: isoDay }),
        },
      },
      async (request) => stats.report(request.actor, request.query.from, request.query.to, request.origin),
    );
  };
}
