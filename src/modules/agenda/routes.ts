import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { Invalid } from '../../platform/errors';
import { honeypotField, refuseRobots } from '../../platform/honeypot';
import { INT4_MAX, isoDay, isoInstant } from '../../platform/schemas';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import { networkKey } from '../access/request-actor';
import { slotWindow } from './free-times';
import { APPOINTMENT_STATUSES } from './tables';

const hours = z.array(
  z.object({
    weekday: z.number().int().min(1).max(7),
    startMinutes: z.number().int().min(0).max(1440),
    endMinutes: z.number().int().min(0).max(1440),
  }),
);
/** A block of hours as read back: which location it belongs to (issue 17) besides the times. */
const hoursAt = z.array(
  z.object({
    weekday: z.number().int(),
    startMinutes: z.number().int(),
    endMinutes: z.number().int(),
    locationId: z.uuid(),
  }),
);
const slotSchema = z.object({ startsAt: z.iso.datetime(), practitionerId: z.uuid() });

/** Schedules (owner), free times and online booking (public), appointments made by staff. */
export function agendaRoutes({
  schedule,
  booking,
  bookingLinks,
  appointments,
  calendarFeeds,
  database,
  keys,
  clock,
}: Pick<
  AppContext,
  'schedule' | 'booking' | 'bookingLinks' | 'appointments' | 'calendarFeeds' | 'database' | 'keys' | 'clock'
>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/schedule',
      {
        schema: {
          tags: ['agenda'],
          summary: 'The weekly opening hours and each practitioner’s working hours (owner)',
          response: {
            200: z.object({
              openingHours: hoursAt,
              workingHours: z.array(z.object({ staffId: z.uuid(), hours: hoursAt })),
            }),
          },
        },
      },
      async (request) => schedule.schedule(request.actor, request.origin),
    );

    app.put(
      '/schedule/opening-hours',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Set a location’s weekly opening hours, in the clinic’s time zone (owner); locationId is required when there is more than one location',
          body: z.object({ hours, locationId: z.uuid().nullish() }),
        },
      },
      async (request, reply) => {
        await schedule.setOpeningHours(
          request.actor,
          request.body.hours,
          request.origin,
          request.body.locationId,
        );
        return reply.code(204).send();
      },
    );

    app.put(
      '/staff/:staffId/working-hours',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Set a practitioner’s weekly working hours at one location (owner); locationId is required when there is more than one location',
          params: z.object({ staffId: z.uuid() }),
          body: z.object({ hours, locationId: z.uuid().nullish() }),
        },
      },
      async (request, reply) => {
        await schedule.setWorkingHours(
          request.actor,
          request.params.staffId,
          request.body.hours,
          request.origin,
          request.body.locationId,
        );
        return reply.code(204).send();
      },
    );

    app.post(
      '/schedule/exceptions',
      {
        schema: {
          tags: ['agenda'],
          summary: 'A holiday, sickness or extra hours of a practitioner, or a closure of the clinic (owner)',
          body: z.object({
            staffId: z.uuid().nullable(),
            /** One location's closure (or the staff member's exception there); left out: everywhere. */
            locationId: z.uuid().nullish(),
            kind: z.enum(['absence', 'extra']),
            startsAt: isoInstant,
            endsAt: isoInstant,
            note: z.string().trim().max(200).optional(),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const { startsAt, endsAt, ...rest } = request.body;
        const created = await schedule.addException(
          request.actor,
          { ...rest, startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
          request.origin,
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/schedule/exceptions',
      {
        schema: {
          tags: ['agenda'],
          summary: 'Absences, closures and extra hours that have not ended yet, soonest first (owner)',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                staffId: z.uuid().nullable(),
                locationId: z.uuid().nullable(),
                kind: z.enum(['absence', 'extra']),
                startsAt: z.iso.datetime(),
                endsAt: z.iso.datetime(),
                note: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await schedule.exceptions(request.actor, request.origin)).map((e) => ({
          ...e,
          startsAt: e.startsAt.toISOString(),
          endsAt: e.endsAt.toISOString(),
        })),
    );

    app.delete(
      '/schedule/exceptions/:exceptionId',
      {
        schema: {
          tags: ['agenda'],
          summary: 'Remove an absence, closure or extra hours (owner)',
          params: z.object({ exceptionId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await schedule.removeException(request.actor, request.params.exceptionId, request.origin);
        return reply.code(204).send();
      },
    );

    app.get(
      '/public/booking/slots',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Free times for a treatment from a date: the week from it, or up to `to` (at most 14 days), for one practitioner or anyone',
          querystring: z.object({
            treatmentTypeId: z.uuid(),
            practitionerId: z.uuid().optional(),
            /** The location; may be left out when the clinic has one (400 naming it otherwise). */
            locationId: z.uuid().optional(),
            from: isoDay,
            to: isoDay.optional(),
          }),
          response: { 200: z.array(slotSchema) },
        },
      },
      async (request) => {
        const { treatmentTypeId, practitionerId, locationId } = request.query;
        const { from, to } = slotWindow(request.query.from, request.query.to);
        const slots = await booking.slots(treatmentTypeId, practitionerId ?? null, from, to, locationId);
        return slots.map((s) => ({ startsAt: s.start.toISOString(), practitionerId: s.practitionerId }));
      },
    );

    app.post(
      '/public/bookings',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Book a free time: creates the basic dossier or links the existing one (the same answer either way), with the consent',
          body: z.object({
            treatmentTypeId: z.uuid(),
            practitionerId: z.uuid().nullable(),
            /** The location; may be left out when the clinic has one (400 naming it otherwise). */
            locationId: z.uuid().optional(),
            startsAt: isoInstant,
            firstName: z.string().trim().min(1).max(100),
            lastName: z.string().trim().min(1).max(100),
            email: z.email().max(254),
            phone: z
              .string()
              .trim()
              .regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number'),
            birthDate: isoDay.optional(),
            language: z.enum(['nl', 'en']),
            statementVersion: z.number().int().min(1).max(INT4_MAX),
            consent: z.boolean(),
            website: honeypotField,
          }),
          response: { 201: z.object({ appointmentId: z.uuid(), startsAt: z.iso.datetime() }) },
        },
      },
      async (request, reply) => {
        const { website, startsAt, birthDate, ...input } = request.body;
        refuseRobots(website);
        const network = [`booking:${networkKey(request, keys)}`];
        await database.db.transaction(async (tx) => {
          await assertNotThrottled(tx, network, clock.now());
          await recordFailure(tx, network, clock.now(), { free: 20 });
        });
        const booked = await booking.bookOnline(
          {
            ...input,
            startsAt: new Date(startsAt),
            birthDate: birthDate ?? null,
            request: {
              requestId: request.id,
              userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
            },
          },
          `web:${request.id}`,
        );
        return reply
          .code(201)
          .send({ appointmentId: booked.appointmentId, startsAt: booked.startsAt.toISOString() });
      },
    );

    app.get(
      '/public/booking/treatments',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Treatments that can be booked online at a location, with duration, price and who performs them there',
          querystring: z.object({ locationId: z.uuid().optional() }),
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                description: z.string(),
                durationMinutes: z.number().int(),
                priceCents: z.number().int(),
                practitioners: z.array(z.object({ id: z.uuid(), name: z.string() })),
              }),
            ),
          },
        },
      },
      async (request) => booking.bookableTreatments(request.query.locationId),
    );

    app.get(
      '/public/locations',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The locations that take bookings: name and address (the booking page’s first step)',
          response: {
            200: z.array(z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable() })),
          },
        },
      },
      async () => booking.publicLocations(),
    );

    app.get(
      '/agenda',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Appointments between two instants (at most six weeks), for one practitioner or the clinic; a colleague’s client shows as a taken time; warnings only for who may read the medical file',
          querystring: z.object({
            from: isoInstant,
            to: isoInstant,
            practitionerId: z.uuid().optional(),
            /** One location's appointments, and the taken times of those who work there. */
            locationId: z.uuid().optional(),
          }),
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                practitionerId: z.uuid(),
                /** Null for a taken time whose appointment the viewer cannot read. */
                locationId: z.uuid().nullable(),
                startsAt: z.iso.datetime(),
                endsAt: z.iso.datetime(),
                status: z.enum(APPOINTMENT_STATUSES),
                client: z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string() }).nullable(),
                treatmentName: z.string().nullable(),
                treatmentTypeId: z.uuid().nullable(),
                /**
                 * False for an online booking that named an existing client's address and is not yet
                 * confirmed (decision 0015): check the person at the desk. `bookedAs` is what the
                 * booker typed, shown to whoever sees the client.
                 */
                identityConfirmed: z.boolean(),
                bookedAs: z
                  .object({ firstName: z.string(), lastName: z.string(), phone: z.string() })
                  .nullable(),
                /**
                 * Contra-indications from the client's signed intakes for this treatment; null when the
                 * viewer may not read the client's medical file (reception, a colleague's client).
                 */
                warnings: z
                  .array(
                    z.object({
                      questionKey: z.string(),
                      effect: z.enum(['rules_out', 'affects']),
                      warning: z.object({ nl: z.string(), en: z.string() }),
                    }),
                  )
                  .nullable(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (
          await appointments.list(
            request.actor,
            {
              from: new Date(request.query.from),
              to: new Date(request.query.to),
              ...(request.query.practitionerId ? { practitionerId: request.query.practitionerId } : {}),
              ...(request.query.locationId ? { locationId: request.query.locationId } : {}),
            },
            request.origin,
          )
        ).map((a) => ({ ...a, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() })),
    );

    app.post(
      '/appointments/:appointmentId/status',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Check in, cancel, mark as no-show or completed; a check-in says whether to ask for consent now',
          params: z.object({ appointmentId: z.uuid() }),
          body: z.object({
            status: z.enum(APPOINTMENT_STATUSES),
            /** A cancellation e-mails the client unless this is false. */
            notifyClient: z.boolean().optional(),
          }),
          response: {
            200: z.object({ status: z.string(), askForConsent: z.boolean(), clientNotified: z.boolean() }),
          },
        },
      },
      async (request) =>
        appointments.setStatus(
          request.actor,
          request.params.appointmentId,
          request.body.status,
          request.origin,
          request.body.notifyClient === false ? { notifyClient: false } : {},
        ),
    );

    app.post(
      '/appointments/:appointmentId/restore',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Undo a cancellation made a moment ago (two minutes): booked again if the time is still free for the practitioner and the client, else 409',
          params: z.object({ appointmentId: z.uuid() }),
          body: z.object({ notifyClient: z.boolean().optional() }),
          response: { 200: z.object({ status: z.string(), clientNotified: z.boolean() }) },
        },
      },
      async (request) =>
        appointments.restore(
          request.actor,
          request.params.appointmentId,
          request.origin,
          request.body.notifyClient === false ? { notifyClient: false } : {},
        ),
    );

    app.get(
      '/clients/:clientId/appointments',
      {
        schema: {
          tags: ['agenda'],
          summary: 'A client’s appointments, past and coming, newest first (whoever sees the client)',
          params: z.object({ clientId: z.uuid() }),
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                practitionerId: z.uuid(),
                practitionerName: z.string(),
                treatmentTypeId: z.uuid(),
                treatmentName: z.string(),
                startsAt: z.iso.datetime(),
                endsAt: z.iso.datetime(),
                status: z.enum(APPOINTMENT_STATUSES),
                identityConfirmed: z.boolean(),
              }),
            ),
          },
          'x-vellum-data': 'contact',
        },
      },
      async (request) =>
        (await appointments.ofClient(request.actor, request.params.clientId, request.origin)).map((a) => ({
          ...a,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
        })),
    );

    app.get(
      '/agenda/free-times',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'The desk’s free times for a treatment (staff): as online, but from now on (walk-ins), without the online lead time; the week from `from`, or up to `to` (at most 14 days)',
          querystring: z.object({
            treatmentTypeId: z.uuid(),
            practitionerId: z.uuid().optional(),
            /** The location; may be left out when the clinic has one (400 naming it otherwise). */
            locationId: z.uuid().optional(),
            from: isoDay,
            to: isoDay.optional(),
          }),
          response: { 200: z.array(slotSchema) },
        },
      },
      async (request) => {
        const { treatmentTypeId, practitionerId, locationId } = request.query;
        const { from, to } = slotWindow(request.query.from, request.query.to);
        const slots = await booking.deskSlots(
          request.actor,
          treatmentTypeId,
          practitionerId ?? null,
          from,
          to,
          request.origin,
          locationId,
        );
        return slots.map((s) => ({ startsAt: s.start.toISOString(), practitionerId: s.practitionerId }));
      },
    );

    app.get(
      '/agenda/hours',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Opening hours and every practitioner’s working hours, for every staff member (the agenda shades the rest)',
          response: {
            200: z.object({
              openingHours: hoursAt,
              workingHours: z.array(z.object({ staffId: z.uuid(), hours: hoursAt })),
            }),
          },
        },
      },
      async (request) => schedule.agendaHours(request.actor, request.origin),
    );

    app.get(
      '/agenda/holidays',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Dutch public holidays between two dates and whether the owner opened them (closed otherwise)',
          querystring: z.object({ from: isoDay, to: isoDay }),
          response: {
            200: z.array(z.object({ date: isoDay, key: z.string(), open: z.boolean() })),
          },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        if (to < from) throw new Invalid('to is before from', [{ field: 'to', message: 'is before from' }]);
        return schedule.holidays(request.actor, from, to, request.origin);
      },
    );

    app.put(
      '/schedule/holidays/:date',
      {
        schema: {
          tags: ['agenda'],
          summary: 'Open a Dutch public holiday for bookings, or close it again (owner)',
          params: z.object({ date: isoDay }),
          body: z.object({ open: z.boolean() }),
        },
      },
      async (request, reply) => {
        await schedule.setHolidayOpen(request.actor, request.params.date, request.body.open, request.origin);
        return reply.code(204).send();
      },
    );

    app.patch(
      '/appointments/:appointmentId',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Move or resize an appointment (also to another practitioner); an overlap is refused. A booked appointment moved to another time e-mails the client the new time and fresh links unless notifyClient is false',
          params: z.object({ appointmentId: z.uuid() }),
          body: z.object({
            startsAt: isoInstant,
            endsAt: isoInstant,
            practitionerId: z.uuid().optional(),
            /** Another location (its rooms and devices are taken there); the same one when left out. */
            locationId: z.uuid().optional(),
            notifyClient: z.boolean().optional(),
          }),
          response: { 200: z.object({ clientNotified: z.boolean() }) },
        },
      },
      async (request) =>
        appointments.move(
          request.actor,
          request.params.appointmentId,
          {
            startsAt: new Date(request.body.startsAt),
            endsAt: new Date(request.body.endsAt),
            ...(request.body.practitionerId ? { practitionerId: request.body.practitionerId } : {}),
            ...(request.body.locationId ? { locationId: request.body.locationId } : {}),
            ...(request.body.notifyClient === false ? { notifyClient: false } : {}),
          },
          request.origin,
        ),
    );

    app.post(
      '/staff/:staffId/calendar-feed',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'A new private calendar feed URL for a practitioner (yourself, or the owner for anyone); the old one stops',
          params: z.object({ staffId: z.uuid() }),
          response: { 201: z.object({ url: z.url() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await calendarFeeds.create(request.actor, request.params.staffId, request.origin)),
    );

    app.delete(
      '/staff/:staffId/calendar-feed',
      {
        schema: {
          tags: ['agenda'],
          summary: 'Revoke a practitioner’s calendar feed at once',
          params: z.object({ staffId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await calendarFeeds.revoke(request.actor, request.params.staffId, request.origin);
        return reply.code(204).send();
      },
    );

    app.get(
      '/public/calendar.ics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'A practitioner’s private calendar feed (client first name and treatment only)',
          querystring: z.object({ token: z.string().min(20).max(200) }),
        },
      },
      async (request, reply) =>
        reply
          .type('text/calendar; charset=utf-8')
          .send(await calendarFeeds.feed(request.query.token, `feed:${request.id}`)),
    );

    app.post(
      '/public/bookings/cancel',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Cancel an online booking with the link from its confirmation e-mail, within the cancellation window',
          body: z.object({ token: z.string().min(20).max(200) }),
          response: { 200: z.object({ cancelled: z.literal(true), startsAt: z.iso.datetime() }) },
        },
      },
      async (request) => {
        const { startsAt } = await bookingLinks.cancelOnline(request.body.token, `web:${request.id}`);
        return { cancelled: true as const, startsAt: startsAt.toISOString() };
      },
    );

    app.post(
      '/public/bookings/confirm',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Confirm, with the link sent to the address in the dossier, that you made an online booking (it then counts)',
          body: z.object({ token: z.string().min(20).max(200) }),
          response: { 200: z.object({ confirmed: z.literal(true), startsAt: z.iso.datetime() }) },
        },
      },
      async (request) => {
        const { startsAt } = await bookingLinks.confirmOnline(request.body.token, `web:${request.id}`);
        return { confirmed: true as const, startsAt: startsAt.toISOString() };
      },
    );

    // The reschedule page's three calls. The token travels in the body, never in a URL that could
    // be logged; each call counts toward the network's limit, like the booking form.
    const throttled = async (request: FastifyRequest) => {
      const network = [`reschedule:${networkKey(request, keys)}`];
      await database.db.transaction(async (tx) => {
        await assertNotThrottled(tx, network, clock.now());
        await recordFailure(tx, network, clock.now(), { free: 40 });
      });
    };
    const token = z.string().min(20).max(200);

    app.post(
      '/public/bookings/cancel/appointment',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'What a cancel link cancels (treatment, practitioner’s first name, time, the clinic’s address), or, for a link a move replaced, that the appointment moved and to when',
          body: z.object({ token }),
          response: {
            200: z.discriminatedUnion('state', [
              z.object({
                state: z.literal('live'),
                treatmentName: z.string(),
                practitionerName: z.string(),
                startsAt: z.iso.datetime(),
                endsAt: z.iso.datetime(),
                changeableUntil: z.iso.datetime(),
                clinic: z.object({
                  name: z.string(),
                  timeZone: z.string(),
                  address: z.string().nullable(),
                  phone: z.string().nullable(),
                }),
              }),
              z.object({ state: z.literal('moved'), startsAt: z.iso.datetime(), timeZone: z.string() }),
            ]),
          },
        },
      },
      async (request) => {
        await throttled(request);
        const view = await bookingLinks.cancelView(request.body.token, `web:${request.id}`);
        if (view.state === 'moved') return { ...view, startsAt: view.startsAt.toISOString() };
        return {
          ...view,
          startsAt: view.startsAt.toISOString(),
          endsAt: view.endsAt.toISOString(),
          changeableUntil: view.changeableUntil.toISOString(),
        };
      },
    );

    app.post(
      '/public/bookings/reschedule/appointment',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'The appointment behind a reschedule link (treatment, time, who performs it), within the cancellation window',
          body: z.object({ token }),
          response: {
            200: z.object({
              treatmentTypeId: z.uuid(),
              treatmentName: z.string(),
              durationMinutes: z.number().int(),
              practitionerId: z.uuid(),
              startsAt: z.iso.datetime(),
              endsAt: z.iso.datetime(),
              changeableUntil: z.iso.datetime(),
              practitioners: z.array(z.object({ id: z.uuid(), name: z.string() })),
            }),
          },
        },
      },
      async (request) => {
        await throttled(request);
        const found = await bookingLinks.rescheduleView(request.body.token, `web:${request.id}`);
        return {
          ...found,
          startsAt: found.startsAt.toISOString(),
          endsAt: found.endsAt.toISOString(),
          changeableUntil: found.changeableUntil.toISOString(),
        };
      },
    );

    app.post(
      '/public/bookings/reschedule/slots',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Free times to move the appointment behind a reschedule link to (same practitioner, or anyone who performs the treatment), at most 14 days at a time',
          body: z.object({ token, from: isoDay, to: isoDay, anyone: z.boolean().default(false) }),
          response: { 200: z.array(slotSchema) },
        },
      },
      async (request) => {
        const { anyone } = request.body;
        const { from, to } = slotWindow(request.body.from, request.body.to);
        await throttled(request);
        const slots = await bookingLinks.rescheduleSlots(
          request.body.token,
          { from, to, anyone },
          `web:${request.id}`,
        );
        return slots.map((s) => ({ startsAt: s.start.toISOString(), practitionerId: s.practitionerId }));
      },
    );

    app.post(
      '/public/bookings/reschedule',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Move the appointment behind a reschedule link to a free time; a confirmation with the updated invitation and fresh links follows by e-mail',
          body: z.object({ token, startsAt: isoInstant, practitionerId: z.uuid().nullable() }),
          response: {
            200: z.object({ appointmentId: z.uuid(), startsAt: z.iso.datetime(), practitionerId: z.uuid() }),
          },
        },
      },
      async (request) => {
        await throttled(request);
        const moved = await bookingLinks.rescheduleOnline(
          request.body.token,
          { startsAt: new Date(request.body.startsAt), practitionerId: request.body.practitionerId },
          `web:${request.id}`,
        );
        return { ...moved, startsAt: moved.startsAt.toISOString() };
      },
    );

    app.get(
      '/agenda/practitioners',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Who has an agenda: the names of the practitioners (and owners) and where they work, for every staff member',
          response: {
            200: z.array(z.object({ id: z.uuid(), name: z.string(), locationIds: z.array(z.uuid()) })),
          },
        },
      },
      async (request) => appointments.practitioners(request.actor, request.origin),
    );

    app.post(
      '/clients/:clientId/appointments',
      {
        schema: {
          tags: ['agenda'],
          summary:
            'Book an appointment for a client from the staff agenda (from now on); the client is e-mailed unless notifyClient is false; a second appointment of the client at an overlapping time is refused (409)',
          params: z.object({ clientId: z.uuid() }),
          body: z.object({
            treatmentTypeId: z.uuid(),
            practitionerId: z.uuid().nullable(),
            /** The location; may be left out when the clinic has one (400 naming it otherwise). */
            locationId: z.uuid().optional(),
            startsAt: isoInstant,
            /** The client gets the confirmation e-mail unless this is false. */
            notifyClient: z.boolean().optional(),
          }),
          response: {
            201: z.object({ appointmentId: z.uuid(), practitionerId: z.uuid(), clientNotified: z.boolean() }),
          },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) => {
        const booked = await booking.bookByStaff(
          request.actor,
          request.params.clientId,
          { ...request.body, startsAt: new Date(request.body.startsAt) },
          request.origin,
        );
        return reply.code(201).send(booked);
      },
    );
  };
}
