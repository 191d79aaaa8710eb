import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { zipSync } from 'fflate';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { marketingChannels, marketingReasons } from './tables';

const channels = z.enum(marketingChannels);
const reasons = z.enum(marketingReasons);

/** Marketing consent per photo set, the owner's export of usable photos, publications and take-downs. */
export function marketingRoutes({ marketing }: Pick<AppContext, 'marketing'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/clients/:clientId/photo-sets/:photoSetId/marketing-consent',
      {
        schema: {
          tags: ['marketing'],
          summary:
            'Record the client’s consent to use this photo set for marketing (reason, channels), or its withdrawal',
          params: z.object({ clientId: z.uuid(), photoSetId: z.uuid() }),
          body: z.object({
            decision: z.enum(['granted', 'withdrawn']),
            reason: reasons.optional(),
            reasonNote: z.string().trim().max(500).optional(),
            channels: z.array(channels).max(2).optional(),
            language: z.enum(['nl', 'en']),
            channel: z.enum(['desk', 'email']),
            reference: z.string().trim().min(1).max(500).optional(),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await marketing.recordConsent(
              request.actor,
              request.params.clientId,
              request.params.photoSetId,
              request.body,
              request.origin,
            ),
          ),
    );

    app.get(
      '/marketing/photo-sets',
      {
        schema: {
          tags: ['marketing'],
          summary:
            'Photo sets that may be used for marketing now (owner): consent holds, with reason and channels',
          response: {
            200: z.array(
              z.object({
                photoSetId: z.uuid(),
                reason: reasons,
                reasonNote: z.string().nullable(),
                channels: z.array(channels),
                photoCount: z.number().int(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await marketing.usable(request.actor, request.origin)).map((s) => ({
          photoSetId: s.photoSetId,
          reason: s.reason,
          reasonNote: s.reasonNote,
          channels: s.channels,
          photoCount: s.photoIds.length,
        })),
    );

    app.get(
      '/marketing/export.zip',
      {
        schema: {
          tags: ['marketing'],
          summary:
            'The photos that may be used for marketing now, as a zip (owner); withdrawn sets are never in it',
        },
      },
      async (request, reply) => {
        const files = await marketing.exportPhotos(request.actor, request.origin);
        const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, new Uint8Array(f.bytes)])), {
          level: 0,
        });
        return reply
          .type('application/zip')
          .header('content-disposition', 'attachment; filename="marketing-photos.zip"')
          .send(Buffer.from(zip));
      },
    );

    app.post(
      '/marketing/publications',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Record where a photo set was published (owner), on a channel its consent covers',
          body: z.object({
            photoSetId: z.uuid(),
            channel: channels,
            location: z.string().trim().min(3).max(500),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await marketing.publish(request.actor, request.body, request.origin)),
    );

    app.get(
      '/marketing/takedowns',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Publications to take down: their consent was withdrawn or the dossier erased (owner)',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                photoSetId: z.uuid().nullable(),
                channel: channels,
                location: z.string(),
                publishedAt: z.iso.datetime(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await marketing.takedowns(request.actor, request.origin)).map((p) => ({
          ...p,
          publishedAt: p.publishedAt.toISOString(),
        })),
    );

    app.post(
      '/marketing/publications/:publicationId/taken-down',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Mark a publication as taken down (owner)',
          params: z.object({ publicationId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await marketing.markTakenDown(request.actor, request.params.publicationId, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
