import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { correctionFieldGroups } from './tables';

export const CORRECTION_TEXT_MAX = 2000;

const correctionSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientName: z.string().nullable(),
    fieldGroup: z.enum(correctionFieldGroups),
    wrong: z.string(),
    shouldBe: z.string(),
    receivedAt: z.iso.datetime(),
    deadlineAt: z.iso.datetime(),
    outcome: z.enum(['corrected', 'refused']).nullable(),
    note: z.string().nullable(),
    handledAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'CorrectionRequest' });

/** Correction requests (GDPR art. 16) for the owner: listed with their deadline, handled one by one. */
export function correctionRoutes({ corrections }: Pick<AppContext, 'corrections'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/correction-requests',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Correction requests from the privacy portal, open ones first by deadline (owner)',
          response: { 200: z.array(correctionSchema) },
        },
      },
      async (request) =>
        (await corrections.list(request.actor, request.origin)).map((r) => ({
          ...r,
          receivedAt: r.receivedAt.toISOString(),
          deadlineAt: r.deadlineAt.toISOString(),
          handledAt: r.handledAt?.toISOString() ?? null,
        })),
    );

    app.post(
      '/correction-requests/:requestId/handle',
      {
        schema: {
          tags: ['privacy'],
          summary:
            'Handle a correction request (owner): corrected, with a note of what was changed, or refused, with the reason the client is sent',
          params: z.object({ requestId: z.uuid() }),
          body: z.object({
            outcome: z.enum(['corrected', 'refused']),
            note: z.string().trim().min(3).max(CORRECTION_TEXT_MAX),
          }),
        },
      },
      async (request, reply) => {
        await corrections.handle(request.actor, request.params.requestId, request.body, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
