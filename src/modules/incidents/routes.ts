import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { honeypotField, refuseRobots } from '../../platform/honeypot';
import { isoInstant } from '../../platform/schemas';
import { networkKey } from '../access/request-actor';
import type { IncidentView } from './incident.service';

const description = z.string().trim().min(10).max(5000);

const incidentSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    source: z.enum(['public_form', 'staff']),
    reportedAt: z.iso.datetime(),
    notifyDeadlineAt: z.iso.datetime(),
    report: z.object({ description: z.string(), contact: z.string().nullable() }),
    assessment: z.string().nullable(),
    personalDataBreach: z.boolean().nullable(),
    notifyAuthority: z.boolean().nullable(),
    authorityNotifiedAt: z.iso.datetime().nullable(),
    notifyClients: z.boolean().nullable(),
    clientsNotifiedAt: z.iso.datetime().nullable(),
    assessedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'Incident' });

const iso = (d: Date | null) => d?.toISOString() ?? null;

function present(row: IncidentView) {
  return {
    ...row,
    reportedAt: row.reportedAt.toISOString(),
    notifyDeadlineAt: row.notifyDeadlineAt.toISOString(),
    authorityNotifiedAt: iso(row.authorityNotifiedAt),
    clientsNotifiedAt: iso(row.clientsNotifiedAt),
    assessedAt: iso(row.assessedAt),
    closedAt: iso(row.closedAt),
  };
}

/** Reporting suspected misuse (public and staff) and the owner's incident register. */
export function incidentRoutes({
  incidents,
  keys,
}: Pick<AppContext, 'incidents' | 'keys'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/public/incident-reports',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Report suspected misuse of personal data to the clinic (no account needed)',
          body: z.object({
            description,
            contact: z.string().trim().max(200).optional(),
            /** Left empty by people; filled by form-filling robots. */
            website: honeypotField,
          }),
          response: { 201: z.object({ reference: z.string() }) },
        },
      },
      async (request, reply) => {
        refuseRobots(request.body.website);
        const { reference } = await incidents.reportPublicly(
          { description: request.body.description, contact: request.body.contact || null },
          networkKey(request, keys),
          `web:${request.id}`,
        );
        return reply.code(201).send({ reference });
      },
    );

    app.post(
      '/incidents',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Report a suspected incident from inside the clinic (any staff member)',
          body: z.object({ description }),
          response: { 201: z.object({ id: z.uuid(), reference: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await incidents.reportByStaff(
              request.actor,
              { description: request.body.description, contact: null },
              request.origin,
            ),
          ),
    );

    app.get(
      '/incidents',
      {
        schema: {
          tags: ['privacy'],
          summary: 'The incident register with the 72-hour clock (owner)',
          response: { 200: z.array(incidentSchema) },
        },
      },
      async (request) => (await incidents.list(request.actor, request.origin)).map(present),
    );

    app.put(
      '/incidents/:incidentId/assessment',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Assess an incident (owner): breach or not, whom to notify and when they were',
          params: z.object({ incidentId: z.uuid() }),
          body: z.object({
            assessment: z.string().trim().min(10).max(10000),
            personalDataBreach: z.boolean(),
            notifyAuthority: z.boolean(),
            notifyClients: z.boolean(),
            authorityNotifiedAt: isoInstant.nullable().optional(),
            clientsNotifiedAt: isoInstant.nullable().optional(),
            closed: z.boolean().optional(),
          }),
          response: { 200: incidentSchema },
        },
      },
      async (request) => {
        const { authorityNotifiedAt, clientsNotifiedAt, ...rest } = request.body;
        return present(
          await incidents.assess(
            request.actor,
            request.params.incidentId,
            {
              ...rest,
              authorityNotifiedAt: authorityNotifiedAt ? new Date(authorityNotifiedAt) : null,
              clientsNotifiedAt: clientsNotifiedAt ? new Date(clientsNotifiedAt) : null,
            },
            request.origin,
          ),
        );
      },
    );
  };
}
