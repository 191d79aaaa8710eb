import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { staffActor } from '../staff/auth.service';
import { originOf, sessionOf } from '../staff/http-session';

export function outboxRoutes({ outbox }: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/outbox',
      {
        schema: {
          tags: ['outbox'],
          summary: 'E-mails not yet sent (owner); without SMTP settings they wait here',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                recipient: z.string(),
                subject: z.string(),
                body: z.string(),
                kind: z.string(),
                createdAt: z.iso.datetime(),
                attempts: z.number().int(),
                lastError: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async (request) => {
        const items = await outbox.pending(staffActor(sessionOf(request)), originOf(request));
        return items.map(({ sentAt: _sent, ...item }) => ({
          ...item,
          createdAt: item.createdAt.toISOString(),
        }));
      },
    );
  };
}
