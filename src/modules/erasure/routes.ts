import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinic } from '../../db/schema';
import { NotFound } from '../../platform/errors';
import { certificatePdf } from './certificate-pdf';

const certificateSchema = z
  .object({
    requestId: z.uuid(),
    clientId: z.uuid(),
    receivedAt: z.string(),
    deadlineAt: z.string(),
    executedAt: z.string(),
    destroyed: z.record(z.string(), z.number().int()),
    keyDestroyed: z.boolean(),
    kept: z.array(
      z.object({
        kind: z.enum(['audit_trail', 'financial', 'request']).optional(),
        what: z.string(),
        count: z.number().int(),
        why: z.string(),
        until: z.string(),
      }),
    ),
    recipientsToInform: z.array(z.string()),
    language: z.enum(['nl', 'en']).optional(),
  })
  .meta({ id: 'ErasureCertificate' });

const requestSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientName: z.string().nullable(),
    channel: z.enum(['staff', 'portal']),
    receivedAt: z.iso.datetime(),
    deadlineAt: z.iso.datetime(),
    executedAt: z.iso.datetime().nullable(),
    certificate: certificateSchema.nullable(),
  })
  .meta({ id: 'ErasureRequest' });

const requestParams = z.object({ requestId: z.uuid() });

/** Erasure requests: registered for a client, listed with their deadline, executed by the owner. */
export function erasureRoutes({
  erasure,
  database,
}: Pick<AppContext, 'erasure' | 'database'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/clients/:clientId/erasure-requests',
      {
        schema: {
          tags: ['privacy'],
          summary:
            "Register the client's request to erase their data (due within 14 days); an open one is kept",
          params: z.object({ clientId: z.uuid() }),
          response: { 201: z.object({ id: z.uuid(), deadlineAt: z.iso.datetime() }) },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) => {
        const registered = await erasure.register(
          request.actor,
          request.params.clientId,
          'staff',
          request.origin,
        );
        return reply.code(201).send({ id: registered.id, deadlineAt: registered.deadlineAt.toISOString() });
      },
    );

    app.get(
      '/erasure-requests',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Erasure requests, open ones first by deadline (owner)',
          response: { 200: z.array(requestSchema) },
        },
      },
      async (request) =>
        (await erasure.list(request.actor, request.origin)).map((r) => ({
          ...r,
          receivedAt: r.receivedAt.toISOString(),
          deadlineAt: r.deadlineAt.toISOString(),
          executedAt: r.executedAt?.toISOString() ?? null,
        })),
    );

    app.post(
      '/erasure-requests/:requestId/execute',
      {
        schema: {
          tags: ['privacy'],
          summary:
            "Carry out an erasure (owner): the dossier, its photos and the client's key are destroyed; returns the certificate",
          params: requestParams,
          response: { 200: certificateSchema },
        },
      },
      async (request) => erasure.execute(request.actor, request.params.requestId, request.origin),
    );

    app.get(
      '/erasure-requests/:requestId/certificate.pdf',
      {
        schema: {
          tags: ['privacy'],
          summary: 'The certificate of an executed erasure as PDF (owner)',
          params: requestParams,
        },
      },
      async (request, reply) => {
        const requests = await erasure.list(request.actor, request.origin);
        const found = requests.find((r) => r.id === request.params.requestId);
        if (!found?.certificate) throw new NotFound('no executed erasure with this id');
        const [row] = await database.db
          .select({ name: clinic.name, timeZone: clinic.timeZone })
          .from(clinic)
          .limit(1);
        const pdf = await certificatePdf(
          found.certificate,
          row ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' },
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="erasure-${found.id}.pdf"`)
          .send(pdf);
      },
    );
  };
}
