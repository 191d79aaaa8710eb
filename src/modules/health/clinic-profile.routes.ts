import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinic } from '../../db/schema';

/** What the public site may show about the clinic: its name and privacy contact, nothing personal. */
export function clinicProfileRoutes({ database }: Pick<AppContext, 'database'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/clinic',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: "The clinic's public name, privacy contact and time zone (null before setup)",
          response: {
            200: z.object({
              name: z.string().nullable(),
              privacyEmail: z.string().nullable(),
              timeZone: z.string(),
              setUp: z.boolean(),
            }),
          },
        },
      },
      async () => {
        const [row] = await database.db
          .select({ name: clinic.name, privacyEmail: clinic.privacyEmail, timeZone: clinic.timeZone })
          .from(clinic)
          .limit(1);
        return {
          name: row?.name ?? null,
          privacyEmail: row?.privacyEmail ?? null,
          timeZone: row?.timeZone ?? 'Europe/Amsterdam',
          setUp: row !== undefined,
        };
      },
    );
  };
}
