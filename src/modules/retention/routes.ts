import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';

const retentionStep = z.enum(['listing', 'contact_requests', 'financial_records', 'dossiers', 'cleanup']);

const retentionRunSchema = z
  .object({
    running: z
      .object({
        step: retentionStep,
        done: z.number().int(),
        total: z.number().int(),
        startedAt: z.iso.datetime(),
        updatedAt: z.iso.datetime(),
      })
      .nullable(),
    last: z
      .object({
        outcome: z.enum(['ok', 'failed', 'interrupted']),
        startedAt: z.iso.datetime(),
        endedAt: z.iso.datetime(),
        summary: z
          .object({
            asOf: z.iso.datetime(),
            due: z.number().int(),
            destroyed: z.number().int(),
            contactRequestsDestroyed: z.number().int(),
            financialRecordsDestroyed: z.number().int(),
            seconds: z.number(),
          })
          .nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'RetentionRun' });

/** What retention will destroy soon, its run's progress, and legal holds (owner). */
export function retentionRoutes({
  retention,
  clock,
}: Pick<AppContext, 'retention' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/retention/upcoming',
      {
        schema: {
          tags: ['privacy'],
          summary:
            'Dossiers the retention job destroys within the coming days (owner), with the date and why',
          querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
          response: {
            200: z.array(
              z.object({
                clientId: z.uuid(),
                firstName: z.string(),
                lastName: z.string(),
                dueAt: z.iso.datetime(),
                basis: z.enum(['last_visit', 'registration', 'medical_act']),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await retention.upcoming(request.actor, clock.now(), request.query.days, request.origin)).map(
          (d) => ({ ...d, dueAt: d.dueAt.toISOString() }),
        ),
    );

    app.get(
      '/retention/run',
      {
        schema: {
          tags: ['privacy'],
          summary:
            'The retention run going on now on any instance (step, dossiers done of due) and the result of the one before (owner; counts only)',
          response: { 200: retentionRunSchema },
        },
      },
      async (request) => {
        const state = await retention.runState(request.actor, request.origin);
        return {
          running: state.running && {
            step: state.running.step,
            done: state.running.done,
            total: state.running.total,
            startedAt: state.running.startedAt.toISOString(),
            updatedAt: state.running.updatedAt.toISOString(),
          },
          last: state.last && {
            outcome: state.last.outcome,
            startedAt: state.last.startedAt.toISOString(),
            endedAt: state.last.endedAt.toISOString(),
            summary: state.last.summary && {
              asOf: state.last.summary.asOf,
              due: state.last.summary.due,
              destroyed: state.last.summary.destroyed,
              contactRequestsDestroyed: state.last.summary.contactRequestsDestroyed,
              financialRecordsDestroyed: state.last.summary.financialRecordsDestroyed,
              seconds: state.last.summary.seconds,
            },
          },
        };
      },
    );

    app.get(
      '/clients/:clientId/legal-hold',
      {
        schema: {
          tags: ['privacy'],
          summary: 'The client’s legal hold and its reason, or null (owner)',
          params: z.object({ clientId: z.uuid() }),
          response: { 200: z.object({ reason: z.string(), placedAt: z.iso.datetime() }).nullable() },
          'x-vellum-data': 'contact',
          'x-vellum-owner-only': true,
        },
      },
      async (request) => {
        const hold = await retention.holdOf(request.actor, request.params.clientId, request.origin);
        return hold ? { reason: hold.reason, placedAt: hold.placedAt.toISOString() } : null;
      },
    );

    app.put(
      '/clients/:clientId/legal-hold',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Keep a dossier past its retention period, with the reason (owner)',
          params: z.object({ clientId: z.uuid() }),
          body: z.object({ reason: z.string().trim().min(5).max(500) }),
          'x-vellum-data': 'contact',
          'x-vellum-owner-only': true,
        },
      },
      async (request, reply) => {
        await retention.hold(request.actor, request.params.clientId, request.body.reason, request.origin);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/clients/:clientId/legal-hold',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Lift a legal hold: the dossier returns to its normal retention period (owner)',
          params: z.object({ clientId: z.uuid() }),
          'x-vellum-data': 'contact',
          'x-vellum-owner-only': true,
        },
      },
      async (request, reply) => {
        await retention.hold(request.actor, request.params.clientId, null, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
