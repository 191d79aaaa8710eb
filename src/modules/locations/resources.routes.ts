import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { Invalid } from '../../platform/errors';
import { changesTo, isoInstant } from '../../platform/schemas';

const name = z.string().trim().min(1).max(100);
const category = z.enum(['room', 'device']);
const resourceTypeInput = z.object({ name, category });
const resourceTypeSchema = z
  .object({ id: z.uuid(), name: z.string(), category })
  .meta({ id: 'ResourceType' });
const resourceSchema = z
  .object({
    id: z.uuid(),
    locationId: z.uuid(),
    resourceTypeId: z.uuid(),
    name: z.string(),
    archived: z.boolean(),
  })
  .meta({ id: 'Resource' });

/** Rooms and devices: kinds and the units each location has (staff read, the owner changes). */
export function resourceRoutes({ resources }: Pick<AppContext, 'resources'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/resource-types',
      {
        schema: {
          tags: ['locations'],
          summary: 'Kinds of room and device a treatment type may need (staff)',
          response: { 200: z.array(resourceTypeSchema) },
        },
      },
      async (request) => resources.listTypes(request.actor, request.origin),
    );
    app.post(
      '/resource-types',
      {
        schema: {
          tags: ['locations'],
          summary: 'Add a kind of room or device (owner)',
          body: resourceTypeInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await resources.saveType(request.actor, undefined, request.body, request.origin)),
    );
    app.patch(
      '/resource-types/:resourceTypeId',
      {
        schema: {
          tags: ['locations'],
          summary: 'Rename a kind of room or device, or change its category (owner)',
          params: z.object({ resourceTypeId: z.uuid() }),
          body: changesTo(resourceTypeInput),
          response: { 200: z.object({ id: z.uuid() }) },
        },
      },
      async (request) =>
        resources.saveType(request.actor, request.params.resourceTypeId, request.body, request.origin),
    );
    app.get(
      '/resources',
      {
        schema: {
          tags: ['locations'],
          summary: 'The rooms and devices (units) of every location, or of one (staff)',
          querystring: z.object({ locationId: z.uuid().optional() }),
          response: { 200: z.array(resourceSchema) },
        },
      },
      async (request) => resources.list(request.actor, request.query.locationId, request.origin),
    );
    app.post(
      '/resources',
      {
        schema: {
          tags: ['locations'],
          summary: 'Add a unit of a kind at a location (owner)',
          body: z.object({ locationId: z.uuid(), resourceTypeId: z.uuid(), name }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await resources.create(request.actor, request.body, request.origin)),
    );
    app.patch(
      '/resources/:resourceId',
      {
        schema: {
          tags: ['locations'],
          summary:
            'Rename a unit, or archive it (no new appointments take it; those that hold it keep it) or bring it back (owner)',
          params: z.object({ resourceId: z.uuid() }),
          body: changesTo(z.object({ name, archived: z.boolean() })),
          response: { 200: z.object({ id: z.uuid() }) },
        },
      },
      async (request) =>
        resources.update(request.actor, request.params.resourceId, request.body, request.origin),
    );
    app.get(
      '/resources/:resourceId/holds',
      {
        schema: {
          tags: ['locations'],
          summary:
            'A unit’s day in the agenda: which appointments hold it when (ids and times; the agenda shows each appointment as the viewer may see it), at most six weeks (staff)',
          params: z.object({ resourceId: z.uuid() }),
          querystring: z.object({ from: isoInstant, to: isoInstant }),
          response: {
            200: z.array(
              z.object({
                appointmentId: z.uuid(),
                startsAt: z.iso.datetime(),
                blockedUntil: z.iso.datetime(),
              }),
            ),
          },
        },
      },
      async (request) => {
        const from = new Date(request.query.from);
        const to = new Date(request.query.to);
        if (to <= from)
          throw new Invalid('to is not after from', [{ field: 'to', message: 'is not after from' }]);
        if (to.getTime() - from.getTime() > 42 * 24 * 3600 * 1000) {
          throw new Invalid('to is more than six weeks after from', [
            { field: 'to', message: 'is more than six weeks after from' },
          ]);
        }
        return (
          await resources.holds(request.actor, request.params.resourceId, from, to, request.origin)
        ).map((h) => ({
          ...h,
          startsAt: h.startsAt.toISOString(),
          blockedUntil: h.blockedUntil.toISOString(),
        }));
      },
    );
  };
}
