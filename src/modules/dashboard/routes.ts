import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { APPOINTMENT_STATUSES } from '../agenda/tables';

const person = z.object({ id: z.uuid(), name: z.string() });
const contraIndication = z.object({
  questionKey: z.string(),
  effect: z.enum(['rules_out', 'affects']),
  warning: z.object({ nl: z.string(), en: z.string() }),
});
const appointment = z.object({
  id: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  status: z.enum(APPOINTMENT_STATUSES),
  treatmentName: z.string().nullable(),
  practitionerName: z.string(),
  client: person.nullable(),
});

const practitionerDashboard = z.object({
  role: z.literal('practitioner'),
  date: z.iso.date(),
  today: z.array(
    appointment.extend({
      warnings: z.array(z.enum(['not_visible', 'unconfirmed', 'no_signed_intake'])),
      contraIndications: z.array(contraIndication).nullable(),
    }),
  ),
  intakesToSign: z.array(
    z.object({
      appointmentId: z.uuid(),
      startsAt: z.iso.datetime(),
      treatmentName: z.string(),
      client: person,
      state: z.enum(['waiting_for_client', 'missing']),
    }),
  ),
  reportsMissing: z.array(
    z.object({
      appointmentId: z.uuid(),
      startsAt: z.iso.datetime(),
      treatmentName: z.string(),
      client: person,
    }),
  ),
});

const receptionDashboard = z.object({
  role: z.literal('reception'),
  date: z.iso.date(),
  today: z.array(appointment),
  counts: z.object({
    expected: z.number().int(),
    arrived: z.number().int(),
    toCome: z.number().int(),
    noShow: z.number().int(),
  }),
  askForConsent: z.array(z.object({ clientId: z.uuid(), name: z.string(), startsAt: z.iso.datetime() })),
});

const ownerDashboard = z.object({
  role: z.literal('owner'),
  date: z.iso.date(),
  tasks: z.object({
    erasureRequests: z.array(
      z.object({
        id: z.uuid(),
        clientName: z.string().nullable(),
        deadlineAt: z.iso.datetime(),
        daysLeft: z.number().int(),
      }),
    ),
    correctionRequests: z.array(
      z.object({
        id: z.uuid(),
        clientName: z.string().nullable(),
        deadlineAt: z.iso.datetime(),
        daysLeft: z.number().int(),
      }),
    ),
    breakGlassToReview: z.object({ count: z.number().int(), oldestAt: z.iso.datetime().nullable() }),
    incidents: z.array(
      z.object({
        id: z.uuid(),
        reportedAt: z.iso.datetime(),
        notifyDeadlineAt: z.iso.datetime(),
        hoursLeft: z.number().int(),
        assessed: z.boolean(),
      }),
    ),
    retentionDue: z.object({ count: z.number().int(), firstDueAt: z.iso.datetime().nullable() }),
    backup: z.object({
      at: z.iso.datetime().nullable(),
      result: z.enum(['ok', 'failed', 'none']),
      stale: z.boolean(),
    }),
    mail: z.object({ waiting: z.number().int(), failed: z.number().int(), mailServer: z.boolean() }),
  }),
  checklist: z.object({
    address: z.boolean(),
    openingHours: z.boolean(),
    catalogue: z.boolean(),
    team: z.boolean(),
    mailServer: z.boolean(),
  }),
  todayCount: z.number().int(),
});

const bucketed = <T extends z.ZodRawShape>(shape: T) => z.array(z.object({ bucket: z.iso.date(), ...shape }));
const family = z.array(z.object({ family: z.string(), visits: z.number().int() }));

const insights = z.object({
  period: z.enum(['weeks', 'months']),
  buckets: z.array(z.iso.date()),
  from: z.iso.date(),
  to: z.iso.date(),
  website: z.object({
    perBucket: bucketed({
      views: z.number().int(),
      visits: z.number().int(),
      averageSeconds: z.number().int(),
    }),
    browsers: family,
    systems: family,
  }),
  bookings: bucketed({ desk: z.number().int(), online: z.number().int() }),
  revenue: bucketed({ totalCents: z.number().int(), vatCents: z.number().int() }),
  attendance: bucketed({
    noShows: z.number().int(),
    cancellations: z.number().int(),
    appointments: z.number().int(),
  }),
  utilisation: z.array(
    z.object({
      practitionerId: z.uuid(),
      name: z.string(),
      bookedMinutes: z.number().int(),
      workingMinutes: z.number().int(),
    }),
  ),
});

/** The start page per role, and the owner's charts. */
export function dashboardRoutes({
  dashboards,
  insights: clinicInsights,
}: Pick<AppContext, 'dashboards' | 'insights'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dashboard',
      {
        schema: {
          tags: ['dashboard'],
          summary:
            "The start page of the signed-in staff member: a practitioner's day with warnings, reception's arrivals and consents to ask, the owner's tasks with deadlines and first-run checklist",
          response: {
            200: z.discriminatedUnion('role', [practitionerDashboard, receptionDashboard, ownerDashboard]),
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return dashboards.forActor(request.actor, request.origin);
      },
    );
    app.get(
      '/insights',
      {
        schema: {
          tags: ['dashboard'],
          summary:
            'Charts for the owner: website statistics, bookings per channel, revenue with VAT, no-shows and cancellations per week or month (last 12), and utilisation per practitioner — counts and sums only',
          querystring: z.object({
            period: z.enum(['weeks', 'months']).default('weeks'),
            /** One location's figures (the website's stay the clinic's); left out: the whole clinic. */
            locationId: z.uuid().optional(),
          }),
          response: { 200: insights },
        },
      },
      async (request) =>
        clinicInsights.report(
          request.actor,
          request.query.period,
          request.origin,
          request.query.locationId ?? null,
        ),
    );
  };
}
