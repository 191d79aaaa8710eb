import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';

const periods = z.object({
  daysBeforeAppointment: z.number().int().min(0).max(60),
  daysAfterAppointment: z.number().int().min(0).max(90),
  followUpDays: z.number().int().min(0).max(365),
});

/** The owner's care periods: how long an appointment, a treatment or an intake opens a client (decision 0015). */
export function accessRoutes({ carePeriods }: Pick<AppContext, 'carePeriods'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/care-periods',
      {
        schema: {
          tags: ['access'],
          summary:
            'How long a practitioner sees a client around an appointment and after a treatment (owner)',
          response: { 200: periods },
        },
      },
      async (request) => carePeriods.get(request.actor, request.origin),
    );
    app.put(
      '/care-periods',
      {
        schema: {
          tags: ['access'],
          summary: 'Set the care periods; they hold at once for every later access (owner)',
          body: periods,
          response: { 200: periods },
        },
      },
      async (request) => carePeriods.set(request.actor, request.body, request.origin),
    );
  };
}
