import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { isImpossibleDay, isoDay } from '../../platform/schemas';
import type { ClientRecord } from './client.service';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const clientInput = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  birthDate: isoDay.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number')
    .nullable()
    .optional(),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postcode: optionalText(12),
  city: optionalText(100),
  country: z.string().length(2).optional(),
  preferredLanguage: z.enum(['nl', 'en']).optional(),
});

export const clientSchema = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    street: z.string().nullable(),
    houseNumber: z.string().nullable(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    preferredLanguage: z.enum(['nl', 'en']),
  })
  .meta({ id: 'Client' });

const clientParams = z.object({ clientId: z.uuid() });

function present(row: ClientRecord): z.infer<typeof clientSchema> {
  const { createdAt: _created, updatedAt: _updated, ...rest } = row;
  return rest;
}

/**
 * Routes that take a client id declare which part of the dossier they touch with
 * `x-vellum-data` ('contact' or 'medical'); the authorization matrix test reads it from the
 * OpenAPI document and checks every such route as every role.
 */
export function clientRoutes({
  clients,
  clientMerger,
}: Pick<AppContext, 'clients' | 'clientMerger'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/clients',
      {
        schema: {
          tags: ['clients'],
          summary: 'Register a client (identity and contact details)',
          body: clientInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const created = await clients.create(request.actor, request.body, request.origin);
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/clients/possible-duplicates',
      {
        schema: {
          tags: ['clients'],
          summary: 'Clients that may be the same person as a registration about to be made',
          body: clientInput,
          response: { 200: z.array(clientSchema) },
        },
      },
      async (request) => {
        const rows = await clients.possibleDuplicates(request.actor, request.body, request.origin);
        return rows.map(present);
      },
    );

    app.get(
      '/clients',
      {
        schema: {
          tags: ['clients'],
          summary:
            'Search clients by name (typos and accents forgiven), e-mail, phone or date of birth; only those you may see',
          querystring: z.object({
            q: z
              .string()
              .trim()
              .min(2)
              .max(100)
              .refine((q) => !isImpossibleDay(q), 'is not a real date (YYYY-MM-DD)'),
          }),
          response: { 200: z.array(clientSchema) },
        },
      },
      async (request) => {
        const rows = await clients.search(request.actor, request.query.q, request.origin);
        return rows.map(present);
      },
    );

    app.get(
      '/clients/:clientId',
      {
        schema: {
          tags: ['clients'],
          summary: "A client's identity and contact details",
          params: clientParams,
          response: { 200: clientSchema },
          'x-vellum-data': 'contact',
        },
      },
      async (request) => present(await clients.get(request.actor, request.params.clientId, request.origin)),
    );

    app.patch(
      '/clients/:clientId',
      {
        schema: {
          tags: ['clients'],
          summary: "Change a client's identity or contact details",
          params: clientParams,
          body: clientInput.partial(),
          response: { 200: clientSchema },
          'x-vellum-data': 'contact',
        },
      },
      async (request) =>
        present(await clients.update(request.actor, request.params.clientId, request.body, request.origin)),
    );

    app.post(
      '/clients/:clientId/merge',
      {
        schema: {
          tags: ['clients'],
          summary:
            'Merge a duplicate record of the same person into this client: its records move here (re-sealed), the duplicate is removed',
          params: clientParams,
          body: z.object({ duplicateId: z.uuid() }),
          response: {
            200: z.object({
              id: z.uuid(),
              moved: z.object({
                treatments: z.number().int(),
                analyses: z.number().int(),
                homeProducts: z.number().int(),
                emails: z.number().int(),
                intakes: z.number().int(),
                photoSets: z.number().int(),
                photos: z.number().int(),
                consents: z.number().int(),
              }),
            }),
          },
          'x-vellum-data': 'contact',
        },
      },
      async (request) =>
        clientMerger.merge(request.actor, request.params.clientId, request.body.duplicateId, request.origin),
    );

    app.post(
      '/clients/:clientId/care-assignments',
      {
        schema: {
          tags: ['clients'],
          summary: 'Assign a practitioner to a client (owner): a care relationship',
          params: clientParams,
          body: z.object({ staffId: z.uuid() }),
          'x-vellum-data': 'contact',
          'x-vellum-owner-only': true,
        },
      },
      async (request, reply) => {
        await clients.assign(request.actor, request.params.clientId, request.body.staffId, request.origin);
        return reply.code(204).send();
      },
    );

    const openBreakGlass = z.object({ clientId: z.uuid(), expiresAt: z.iso.datetime() });

    app.post(
      '/break-glass',
      {
        schema: {
          tags: ['clients'],
          summary:
            'Emergency access to a client you do not treat and cannot find: last name and date of birth (exact) with a written reason',
          description:
            'Opens break-glass (logged, reviewed) on every client matching both, at most 3; 404 when none does, exactly like break-glass on an unknown id.',
          body: z.object({
            lastName: z.string().trim().min(1).max(100),
            birthDate: isoDay,
            reason: z.string().trim().min(10).max(500),
          }),
          response: { 201: z.array(openBreakGlass) },
        },
      },
      async (request, reply) => {
        const opened = await clients.breakGlassByIdentity(request.actor, request.body, request.origin);
        return reply
          .code(201)
          .send(opened.map((o) => ({ clientId: o.clientId, expiresAt: o.expiresAt.toISOString() })));
      },
    );

    app.get(
      '/break-glass/active',
      {
        schema: {
          tags: ['clients'],
          summary: 'Your own break-glass accesses still running, and until when',
          response: { 200: z.array(openBreakGlass) },
        },
      },
      async (request) =>
        (await clients.activeBreakGlass(request.actor, request.origin)).map((o) => ({
          clientId: o.clientId,
          expiresAt: o.expiresAt.toISOString(),
        })),
    );

    app.post(
      '/clients/:clientId/break-glass',
      {
        schema: {
          tags: ['clients'],
          summary: 'Emergency access to a client you do not treat, with a written reason (logged, reviewed)',
          params: clientParams,
          body: z.object({ reason: z.string().trim().min(10).max(500) }),
          response: { 201: z.object({ expiresAt: z.iso.datetime() }) },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) => {
        const { expiresAt } = await clients.breakGlass(
          request.actor,
          request.params.clientId,
          request.body.reason,
          request.origin,
        );
        return reply.code(201).send({ expiresAt: expiresAt.toISOString() });
      },
    );
  };
}
