import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { honeypotField, refuseRobots } from '../../platform/honeypot';
import { INT4_MAX } from '../../platform/schemas';
import { networkKey } from '../access/request-actor';

/** The public contact form and the staff's list of questions. */
export function contactRoutes({
  contactRequests,
  keys,
}: Pick<AppContext, 'contactRequests' | 'keys'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/public/contact-requests',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Send the clinic a question; stored with the consent given for it',
          body: z.object({
            name: z.string().trim().min(1).max(200),
            email: z.email().max(254),
            phone: z
              .string()
              .trim()
              .regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number')
              .optional(),
            message: z.string().trim().min(5).max(5000),
            language: z.enum(['nl', 'en']),
            statementVersion: z.number().int().min(1).max(INT4_MAX),
            consent: z.boolean(),
            website: honeypotField,
          }),
          response: { 201: z.object({ reference: z.uuid() }) },
        },
      },
      async (request, reply) => {
        refuseRobots(request.body.website);
        const { website: _honeypot, phone, ...input } = request.body;
        const { id } = await contactRequests.receive(
          { ...input, phone: phone ?? null },
          {
            requestId: request.id,
            userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
            network: networkKey(request, keys),
          },
          `web:${request.id}`,
        );
        return reply.code(201).send({ reference: id });
      },
    );

    app.get(
      '/contact-requests',
      {
        schema: {
          tags: ['contact'],
          summary: 'Questions from the contact form, open ones first (owner, reception)',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                receivedAt: z.iso.datetime(),
                name: z.string(),
                email: z.string(),
                phone: z.string().nullable(),
                message: z.string(),
                language: z.enum(['nl', 'en']),
                statementVersion: z.number().int(),
                handledAt: z.iso.datetime().nullable(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await contactRequests.list(request.actor, request.origin)).map((r) => ({
          ...r,
          receivedAt: r.receivedAt.toISOString(),
          handledAt: r.handledAt?.toISOString() ?? null,
        })),
    );

    app.post(
      '/contact-requests/:requestId/handled',
      {
        schema: {
          tags: ['contact'],
          summary: 'Mark a question as answered',
          params: z.object({ requestId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await contactRequests.markHandled(request.actor, request.params.requestId, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
