import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { changesTo } from '../../platform/schemas';

const optionalText = (max: number) => z.string().trim().max(max).nullish();

const locationInput = z.object({
  name: z.string().trim().min(1).max(200),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postcode: optionalText(20),
  city: optionalText(100),
  phone: optionalText(40),
  /** Capitals and digits, at most 10 (`AMS`): numbers become `AMS-2026-000001`. Null: the clinic's series. */
  invoicePrefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,10}$/, 'must be 1 to 10 capitals or digits')
    .nullish()
    .or(z.literal('').transform(() => null)),
  position: z.number().int().min(0).max(10_000).optional(),
});

const locationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    street: z.string().nullable(),
    houseNumber: z.string().nullable(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    phone: z.string().nullable(),
    invoicePrefix: z.string().nullable(),
    position: z.number().int(),
    archivedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Location' });

const locationParams = z.object({ locationId: z.uuid() });
const idResponse = z.object({ id: z.uuid() });

/** Locations (every staff member reads, the owner changes) and where each staff member works (owner). */
export function locationRoutes({ locations }: Pick<AppContext, 'locations'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/locations',
      {
        schema: {
          tags: ['locations'],
          summary: 'The clinic’s locations, by position; with archived=true the archived ones too',
          querystring: z.object({ archived: z.enum(['true', 'false']).optional() }),
          response: { 200: z.array(locationSchema) },
        },
      },
      async (request) =>
        (
          await locations.list(request.actor, request.origin, { archived: request.query.archived === 'true' })
        ).map((l) => ({ ...l, archivedAt: l.archivedAt?.toISOString() ?? null })),
    );

    app.post(
      '/locations',
      {
        schema: {
          tags: ['locations'],
          summary: 'Add a location (owner)',
          body: locationInput,
          response: { 201: idResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await locations.create(request.actor, request.body, request.origin)),
    );

    app.patch(
      '/locations/:locationId',
      {
        schema: {
          tags: ['locations'],
          summary: 'Change a location (owner)',
          params: locationParams,
          body: changesTo(locationInput),
          response: { 200: idResponse },
        },
      },
      async (request) =>
        locations.update(request.actor, request.params.locationId, request.body, request.origin),
    );

    app.post(
      '/locations/:locationId/archive',
      {
        schema: {
          tags: ['locations'],
          summary:
            'Archive a location (owner); refused for the last live location and for one with appointments to come',
          params: locationParams,
        },
      },
      async (request, reply) => {
        await locations.archive(request.actor, request.params.locationId, request.origin);
        return reply.code(204).send();
      },
    );

    app.get(
      '/staff/:staffId/locations',
      {
        schema: {
          tags: ['locations'],
          summary: 'Where a staff member works (owner)',
          params: z.object({ staffId: z.uuid() }),
          response: { 200: z.object({ locationIds: z.array(z.uuid()) }) },
        },
      },
      async (request) => locations.staffLocations(request.actor, request.params.staffId, request.origin),
    );

    app.put(
      '/staff/:staffId/locations',
      {
        schema: {
          tags: ['locations'],
          summary: 'Set where a staff member works: at least one location (owner)',
          params: z.object({ staffId: z.uuid() }),
          body: z.object({ locationIds: z.array(z.uuid()).min(1).max(100) }),
        },
      },
      async (request, reply) => {
        await locations.setStaffLocations(
          request.actor,
          request.params.staffId,
          request.body.locationIds,
          request.origin,
        );
        return reply.code(204).send();
      },
    );
  };
}
