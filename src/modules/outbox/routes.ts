import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';

const mail = z.object({
  id: z.uuid(),
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  kind: z.string(),
  createdAt: z.iso.datetime(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});

export function outboxRoutes({ outbox }: Pick<AppContext, 'outbox'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/outbox',
      {
        schema: {
          tags: ['outbox'],
          summary:
            'E-mails not yet sent (owner); without SMTP settings they wait here. One-time links are masked',
          response: {
            200: z.array(mail),
          },
        },
      },
      async (request) => {
        const items = await outbox.pending(request.actor, request.origin);
        return items.map(({ sentAt: _sent, ...item }) => ({
          ...item,
          createdAt: item.createdAt.toISOString(),
        }));
      },
    );

    app.get(
      '/outbox/:emailId',
      {
        schema: {
          tags: ['outbox'],
          summary: 'One unsent e-mail with its links whole, to pass on by hand (owner; logged)',
          params: z.object({ emailId: z.uuid() }),
          response: { 200: mail },
        },
      },
      async (request) => {
        const { sentAt: _sent, ...item } = await outbox.open(
          request.actor,
          request.params.emailId,
          request.origin,
        );
        return { ...item, createdAt: item.createdAt.toISOString() };
      },
    );
  };
}
