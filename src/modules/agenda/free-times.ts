/**
 * Free times: what the schedule leaves open (opening and working hours, exceptions) minus the
 * times appointments take; the check that a requested time is still free, under the practitioner's
 * advisory lock; and the answer with the next free times when someone took it a moment earlier.
 * Shared by booking (online and by staff) and the reschedule link.
 */
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { clinic, location, staff } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { type Actor, visitor } from '../access/actor';
import type { AccessGate, Scope, Tx } from '../access/gate';
import { treatmentType, treatmentTypePractitioner } from '../catalogue/tables';
import { resource, staffLocation, treatmentTypeLocation, treatmentTypeResource } from '../locations/tables';
import { datesBetween, localDate, zonedInstant } from './clinic-time';
import { holidaysBetween } from './holidays';
import { freeSlots, type Interval, resourceStartWindows, type Slot, type WeeklyHours } from './slots';
import { holidayOpening, openingHours, scheduleException, workingHours } from './tables';

/** Anonymous visitors of the booking page: they may book, and read nothing of anyone (decision 0014). */
export const BOOKING_ACTOR: Actor = visitor('online-booking');
const MINUTE = 60_000;
const NEXT_FREE = 5;

export type BookingRequest = {
  treatmentTypeId: string;
  /** The location; may be left out when the clinic has one live location. */
  locationId?: string | null | undefined;
  /** A practitioner, or null for "anyone". */
  practitionerId: string | null;
  startsAt: Date;
};

/**
 * Who the free times are for: a visitor online (the clinic's lead time applies), or the desk, which
 * may book a walk-in now (from the next step of the grid on).
 */
export type Channel = 'online' | 'desk';

/** The most days one request for free times may cover: the booking page asks a week or two at a time. */
export const MAX_WINDOW_DAYS = 14;

/**
 * The days a request for free times covers: `from`, and `to` or else the week from `from`; at most
 * MAX_WINDOW_DAYS. A bad window is refused naming the field.
 */
export function slotWindow(from: string, to: string | undefined): { from: string; to: string } {
  const last = to ?? datesBetween(from, addDays(from, 6)).at(-1) ?? from;
  if (last < from) throw new Invalid('to is before from', [{ field: 'to', message: 'is before from' }]);
  if (datesBetween(from, last).length > MAX_WINDOW_DAYS) {
    throw new Invalid(`to is more than ${MAX_WINDOW_DAYS} days from from`, [
      {
        field: 'to',
        message: `is more than ${MAX_WINDOW_DAYS} days from from (ask a week or two at a time)`,
      },
    ]);
  }
  return { from, to: last };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export type SlotsFor = {
  treatmentTypeId: string;
  /** A practitioner, or null for anyone who performs the treatment there. */
  practitionerId: string | null;
  /** A live location (resolveLocation). */
  locationId: string;
  from: string;
  to: string;
  /** An appointment being moved: its own time (and its rooms and devices) count as free. */
  ignoreAppointmentId?: string | undefined;
  channel?: Channel;
};

/**
 * The location a booking or a request for free times is for: the one named, which must take
 * bookings (live), or, when none is named, the only live one; a chain must name it (400 naming
 * `locationId`).
 */
export async function resolveLocation(scope: { tx: Tx }, locationId: string | null | undefined) {
  const live = await scope.tx.select({ id: location.id }).from(location).where(isNull(location.archivedAt));
  if (locationId) {
    if (!live.some((l) => l.id === locationId)) {
      throw new Invalid('locationId is not a location that takes bookings', [
        { field: 'locationId', message: 'is not a location that takes bookings' },
      ]);
    }
    return locationId;
  }
  if (live.length === 1) return (live[0] as { id: string }).id;
  throw new Invalid('locationId is needed: the clinic has more than one location', [
    { field: 'locationId', message: 'is needed: the clinic has more than one location' },
  ]);
}

/**
 * What a treatment type needs at a location: whether it is offered there (no rows: everywhere),
 * the kinds of room and device it needs, and the live units of each kind there.
 */
export async function treatmentAtLocation(scope: { tx: Tx }, treatmentTypeId: string, locationId: string) {
  const offeredAt = await scope.tx
    .select({ id: treatmentTypeLocation.locationId })
    .from(treatmentTypeLocation)
    .where(eq(treatmentTypeLocation.treatmentTypeId, treatmentTypeId));
  const needs = await scope.tx
    .select({ id: treatmentTypeResource.resourceTypeId })
    .from(treatmentTypeResource)
    .where(eq(treatmentTypeResource.treatmentTypeId, treatmentTypeId));
  const units =
    needs.length === 0
      ? []
      : await scope.tx
          .select({ id: resource.id, kind: resource.resourceTypeId })
          .from(resource)
          .where(
            and(
              eq(resource.locationId, locationId),
              isNull(resource.archivedAt),
              inArray(
                resource.resourceTypeId,
                needs.map((n) => n.id),
              ),
            ),
          );
  return {
    offered: offeredAt.length === 0 || offeredAt.some((l) => l.id === locationId),
    kinds: needs.map((n) => ({ id: n.id, units: units.filter((u) => u.kind === n.id).map((u) => u.id) })),
  };
}

/** Whether a staff member works at a location. */
async function worksAt(scope: { tx: Tx }, staffId: string, locationId: string): Promise<boolean> {
  const [row] = await scope.tx
    .select({ id: staffLocation.staffId })
    .from(staffLocation)
    .where(and(eq(staffLocation.staffId, staffId), eq(staffLocation.locationId, locationId)));
  return row !== undefined;
}

export async function slotsIn(scope: Scope, query: SlotsFor): Promise<Slot[]> {
  const { treatmentTypeId, practitionerId, locationId, from, to, ignoreAppointmentId } = query;
  const channel = query.channel ?? 'online';
  const [rules] = await scope.tx.select().from(clinic).limit(1);
  const [type] = await scope.tx.select().from(treatmentType).where(eq(treatmentType.id, treatmentTypeId));
  if (!rules || !type?.active) return [];
  const here = await treatmentAtLocation(scope, treatmentTypeId, locationId);
  if (!here.offered || here.kinds.some((k) => k.units.length === 0)) return [];
  // Who performs the treatment and works at this location.
  const performers = await scope.tx
    .select({ id: treatmentTypePractitioner.staffId })
    .from(treatmentTypePractitioner)
    .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
    .innerJoin(
      staffLocation,
      and(eq(staffLocation.staffId, staff.id), eq(staffLocation.locationId, locationId)),
    )
    .where(and(eq(treatmentTypePractitioner.treatmentTypeId, treatmentTypeId), isNull(staff.disabledAt)));
  const ids = performers.map((p) => p.id).filter((id) => practitionerId === null || id === practitionerId);
  if (ids.length === 0 || datesBetween(from, to).length > 92) return [];
  const zone = rules.timeZone;
  const windowStart = zonedInstant(from, 0, zone);
  const windowEnd = new Date(zonedInstant(to, 0, zone).getTime() + 26 * 3600 * 1000);
  // One transaction is one connection: its queries run one after another (pg queues them, and
  // pg 9 will refuse overlapping ones). Drizzle's builders run only when awaited.
  // The location's opening hours, the practitioners' hours there, and the exceptions of the whole
  // chain or of this location.
  const atLocation = or(isNull(scheduleException.locationId), eq(scheduleException.locationId, locationId));
  const reads = [
    scope.tx.select().from(openingHours).where(eq(openingHours.locationId, locationId)),
    scope.tx
      .select()
      .from(workingHours)
      .where(and(inArray(workingHours.staffId, ids), eq(workingHours.locationId, locationId))),
    scope.tx
      .select()
      .from(scheduleException)
      .where(
        and(
          lt(scheduleException.startsAt, windowEnd),
          gt(scheduleException.endsAt, windowStart),
          or(isNull(scheduleException.staffId), inArray(scheduleException.staffId, ids)),
          atLocation,
        ),
      ),
  ] as const;
  const opening = await reads[0];
  const hours = await reads[1];
  const exceptions = await reads[2];
  const holidays = await closedHolidays(scope, from, to, zone);
  // A practitioner is busy wherever the appointment is: nobody works at two locations at once.
  const busy = (await busyTimes(scope, ids, windowStart, windowEnd, ignoreAppointmentId)).map((b) => ({
    practitionerId: b.practitionerId,
    start: b.startsAt,
    end: b.blockedUntil,
  }));
  const interval = (start: Date, end: Date): Interval => ({ start: start.getTime(), end: end.getTime() });
  const weekly = (rows: { weekday: number; startMinutes: number; endMinutes: number }[]): WeeklyHours =>
    rows.map((r) => ({ weekday: r.weekday, startMinutes: r.startMinutes, endMinutes: r.endMinutes }));
  const length = (type.durationMinutes + type.bufferAfterMinutes) * MINUTE;
  const resourceStarts =
    here.kinds.length === 0
      ? undefined
      : await resourceStarts_(
          scope,
          locationId,
          here.kinds,
          windowStart,
          windowEnd,
          length,
          ignoreAppointmentId,
        );
  return freeSlots({
    timeZone: zone,
    from,
    to,
    now: scope.now,
    leadMinutes: channel === 'desk' ? 0 : rules.bookingLeadMinutes,
    horizonDays: rules.bookingHorizonDays,
    stepMinutes: rules.slotStepMinutes,
    durationMinutes: type.durationMinutes,
    bufferMinutes: type.bufferAfterMinutes,
    opening: weekly(opening),
    closures: [
      ...exceptions.filter((e) => e.staffId === null).map((e) => interval(e.startsAt, e.endsAt)),
      ...holidays,
    ],
    practitioners: ids.map((id) => ({
      id,
      hours: weekly(hours.filter((h) => h.staffId === id)),
      extras: exceptions
        .filter((e) => e.staffId === id && e.kind === 'extra')
        .map((e) => interval(e.startsAt, e.endsAt)),
      absences: exceptions
        .filter((e) => e.staffId === id && e.kind === 'absence')
        .map((e) => interval(e.startsAt, e.endsAt)),
      busy: busy.filter((b) => b.practitionerId === id).map((b) => interval(b.start, b.end)),
    })),
    ...(resourceStarts ? { resourceStarts } : {}),
  });
}

/**
 * The starts at which every needed kind has a unit free for `length` (the units' holds through
 * vellum_resource_busy_times: when, never by whom).
 */
async function resourceStarts_(
  scope: { tx: Tx },
  locationId: string,
  kinds: { id: string; units: string[] }[],
  from: Date,
  to: Date,
  length: number,
  ignoreAppointmentId: string | undefined,
): Promise<Interval[]> {
  const holds = await resourceHolds(scope, locationId, from, to, ignoreAppointmentId);
  return resourceStartWindows(
    kinds.map((k) =>
      k.units.map((unit) =>
        holds.filter((h) => h.resourceId === unit).map((h) => ({ start: h.start, end: h.end })),
      ),
    ),
    length,
  );
}

/** When each unit at a location is held between two instants (never by whom). */
export async function resourceHolds(
  scope: { tx: Tx },
  locationId: string,
  from: Date,
  to: Date,
  ignoreAppointmentId?: string,
): Promise<{ resourceId: string; resourceTypeId: string; start: number; end: number }[]> {
  const result = await scope.tx.execute(sql`
    select resource_id, resource_type_id, starts_at, blocked_until
    from vellum_resource_busy_times(${locationId}::uuid, ${from.toISOString()}::timestamptz,
                                    ${to.toISOString()}::timestamptz, ${ignoreAppointmentId ?? null}::uuid)`);
  type Row = Record<'resource_id' | 'resource_type_id', string> &
    Record<'starts_at' | 'blocked_until', string | Date>;
  return (result as unknown as { rows: Row[] }).rows.map((r) => ({
    resourceId: r.resource_id,
    resourceTypeId: r.resource_type_id,
    start: new Date(r.starts_at).getTime(),
    end: new Date(r.blocked_until).getTime(),
  }));
}

/**
 * Whether a treatment may be booked at a location with a practitioner at all (before any time is
 * looked at): offered there (else 400 naming `treatmentTypeId`), the practitioner works there (else
 * `practitionerId`), and the location has a unit of every kind it needs (else `treatmentTypeId`).
 */
export async function assertBookableAt(
  scope: { tx: Tx },
  treatmentTypeId: string,
  practitionerId: string | null,
  locationId: string,
) {
  const here = await treatmentAtLocation(scope, treatmentTypeId, locationId);
  if (!here.offered) {
    throw new Invalid('treatmentTypeId is not offered at this location', [
      { field: 'treatmentTypeId', message: 'is not offered at this location' },
    ]);
  }
  if (practitionerId && !(await worksAt(scope, practitionerId, locationId))) {
    throw new Invalid('practitionerId does not work at this location', [
      { field: 'practitionerId', message: 'does not work at this location' },
    ]);
  }
  if (here.kinds.some((k) => k.units.length === 0)) {
    throw new Invalid('treatmentTypeId needs a room or device this location does not have', [
      { field: 'treatmentTypeId', message: 'needs a room or device this location does not have' },
    ]);
  }
  return here;
}

/**
 * The requested time must be one of the free slots (working hours, opening hours, exceptions,
 * lead time, horizon, the grid, a practitioner who performs the treatment and works at the
 * location, a free unit of every room and device it needs there); for "anyone", the first
 * practitioner free then.
 */
export async function assertFree(
  scope: Scope,
  input: BookingRequest,
  ignoreAppointmentId?: string,
  channel: Channel = 'online',
) {
  const [type] = await scope.tx
    .select()
    .from(treatmentType)
    .where(eq(treatmentType.id, input.treatmentTypeId));
  if (!type?.active) {
    throw new Invalid('treatmentTypeId is not a treatment that can be booked', [
      { field: 'treatmentTypeId', message: 'is not a treatment that can be booked' },
    ]);
  }
  const locationId = await resolveLocation(scope, input.locationId);
  const here = await assertBookableAt(scope, input.treatmentTypeId, input.practitionerId, locationId);
  const zone = await clinicTimeZone(scope);
  const day = localDate(input.startsAt, zone);
  const free = await slotsIn(scope, {
    treatmentTypeId: input.treatmentTypeId,
    practitionerId: input.practitionerId,
    locationId,
    from: day,
    to: day,
    ignoreAppointmentId,
    channel,
  });
  const match = free.find((s) => s.start.getTime() === input.startsAt.getTime());
  if (
    !match &&
    ((await takenByAppointment(scope, input, type, ignoreAppointmentId)) ||
      (await takenResources(scope, locationId, here.kinds, input.startsAt, type, ignoreAppointmentId)))
  ) {
    throw new SlotTaken();
  }
  if (!match) {
    throw new Invalid('startsAt is not a free time for this treatment', [
      { field: 'startsAt', message: 'is not a free time for this treatment' },
    ]);
  }
  // One booking per practitioner at a time: concurrent inserts under an exclusion constraint can
  // deadlock each other; queued behind this lock, the next one sees the first and is told so.
  // (Rooms and devices queue in the database: the trigger locks a kind's units before it picks one.)
  await scope.tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`vellum-agenda:${match.practitionerId}`}, 0))`,
  );
  const practitioner = { ...input, practitionerId: match.practitionerId };
  if (await takenByAppointment(scope, practitioner, type, ignoreAppointmentId)) throw new SlotTaken();
  return { practitionerId: match.practitionerId, type, locationId };
}

/** Whether some needed kind has every unit held at the requested time (someone booked it first). */
async function takenResources(
  scope: { tx: Tx },
  locationId: string,
  kinds: { id: string; units: string[] }[],
  startsAt: Date,
  type: typeof treatmentType.$inferSelect,
  ignoreAppointmentId?: string,
): Promise<boolean> {
  if (kinds.length === 0) return false;
  const length = (type.durationMinutes + type.bufferAfterMinutes) * MINUTE;
  const end = new Date(startsAt.getTime() + length);
  const windows = await resourceStarts_(scope, locationId, kinds, startsAt, end, length, ignoreAppointmentId);
  return !windows.some((w) => w.start <= startsAt.getTime() && startsAt.getTime() < w.end);
}

/** Whether the time would be free but for an appointment (someone booked it first). */
async function takenByAppointment(
  scope: Scope,
  input: BookingRequest,
  type: typeof treatmentType.$inferSelect,
  ignoreAppointmentId?: string,
): Promise<boolean> {
  const end = new Date(input.startsAt.getTime() + (type.durationMinutes + type.bufferAfterMinutes) * MINUTE);
  const clashes = await busyTimes(
    scope,
    input.practitionerId ? [input.practitionerId] : null,
    input.startsAt,
    end,
    ignoreAppointmentId,
  );
  return clashes.length > 0;
}

/** The database refused an overlap (someone took the time a moment earlier): say so, with the next free times. */
export async function withNextFreeTimes<T>(
  gate: AccessGate,
  input: BookingRequest,
  book: () => Promise<T>,
): Promise<T> {
  try {
    return await book();
  } catch (error) {
    if (isClientOverlap(error)) throw clientBusy();
    if (!(error instanceof SlotTaken) && !isOverlap(error)) throw error;
    throw await justTaken(gate, input);
  }
}

/** "This time was just taken", with the next free times after it (an appointment being moved counts as free). */
export async function justTaken(
  gate: AccessGate,
  input: BookingRequest,
  ignoreAppointmentId?: string,
): Promise<Conflict> {
  const next = await gate.act(BOOKING_ACTOR, 'booking:slots', async (scope) => {
    const zone = await clinicTimeZone(scope);
    const day = localDate(input.startsAt, zone);
    const until = localDate(new Date(input.startsAt.getTime() + 14 * 24 * 3600 * 1000), zone);
    const free = await slotsIn(scope, {
      treatmentTypeId: input.treatmentTypeId,
      practitionerId: input.practitionerId,
      locationId: await resolveLocation(scope, input.locationId),
      from: day,
      to: until,
      ignoreAppointmentId,
    });
    return free.filter((s) => s.start > input.startsAt).slice(0, NEXT_FREE);
  });
  return new Conflict('this time was just taken', {
    nextFreeTimes: next.map((s) => ({
      startsAt: s.start.toISOString(),
      practitionerId: s.practitionerId,
    })),
  });
}

async function clinicTimeZone(scope: { tx: Tx }): Promise<string> {
  const [row] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
  if (!row) throw new NotFound('the clinic is not set up');
  return row.timeZone;
}

/**
 * The Dutch public holidays between two local dates that the owner has not opened, as closures of
 * the whole clinic (midnight to midnight, local time).
 */
export async function closedHolidays(scope: { tx: Tx }, from: string, to: string, zone: string) {
  const holidays = holidaysBetween(from, to);
  if (holidays.length === 0) return [];
  const opened = new Set(
    (
      await scope.tx
        .select({ day: holidayOpening.day })
        .from(holidayOpening)
        .where(
          inArray(
            holidayOpening.day,
            holidays.map((h) => h.date),
          ),
        )
    ).map((r) => r.day),
  );
  return holidays
    .filter((h) => !opened.has(h.date))
    .map((h) => ({
      start: zonedInstant(h.date, 0, zone).getTime(),
      end: zonedInstant(h.date, 24 * 60, zone).getTime(),
    }));
}

/**
 * One client's bookings one at a time: taken after the practitioner's lock (always in that order,
 * so two bookings cannot wait for each other), so that of two desks booking one client with two
 * practitioners at once the second sees the first and is refused, instead of a deadlock.
 */
export async function lockClient(scope: { tx: Tx }, clientId: string): Promise<void> {
  await scope.tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`vellum-client:${clientId}`}, 0))`,
  );
}

/** The database refused a second live appointment of one client at an overlapping time. */
export function clientBusy(): Conflict {
  return new Conflict('this client already has an appointment at that time', {
    reason: 'client_double_booked',
  });
}

/** The client exclusion constraint's error (migration 0043), from node-postgres or PGlite, maybe wrapped. */
export function isClientOverlap(error: unknown): boolean {
  for (
    let e = error as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (
      e.code === '23P01' &&
      (e.constraint === CLIENT_RULE || (typeof e.message === 'string' && e.message.includes(CLIENT_RULE)))
    ) {
      return true;
    }
  }
  return false;
}
const CLIENT_RULE = 'appointment_client_no_overlap';

/**
 * The rooms-and-devices trigger's refusal (migration 0055): every unit of a kind the treatment needs
 * is held then. The same SQLSTATE as the practitioner's rule (23P01), so isOverlap counts it too.
 */
export function isResourceOverlap(error: unknown): boolean {
  for (
    let e = error as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (
      e.code === '23P01' &&
      (e.constraint === RESOURCE_RULE ||
        (typeof e.message === 'string' && e.message.includes('free at this location')))
    ) {
      return true;
    }
  }
  return false;
}
const RESOURCE_RULE = 'appointment_resource_no_overlap';

/** A staff move refused by the database: a room or device, or the practitioner's agenda. */
export function overlapConflict(error: unknown): Conflict {
  if (isResourceOverlap(error)) {
    return new Conflict('no room or device this treatment needs is free at that time', {
      reason: 'resource_taken',
    });
  }
  return new Conflict('another appointment is at that time');
}

/** The time was free by the schedule but an appointment took it first. */
export class SlotTaken extends Error {}

/** The exclusion constraint's error (SQLSTATE 23P01), from node-postgres or PGlite, maybe wrapped by Drizzle. */
export function isOverlap(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    // 23P01: the exclusion constraint; 40P01: the loser of a deadlock between two such inserts.
    if (e.code === '23P01' || e.code === '40P01') return true;
  }
  return false;
}

/**
 * When practitioners are taken (never by whom), through a function that shows every actor the
 * times and nothing else: free slots and the agenda's colleague columns need them.
 */
export async function busyTimes(
  scope: { tx: Tx },
  practitionerIds: string[] | null,
  from: Date,
  to: Date,
  ignoreAppointmentId?: string,
  statuses: 'live' | 'all' = 'live',
): Promise<
  { id: string; practitionerId: string; startsAt: Date; endsAt: Date; blockedUntil: Date; status: string }[]
> {
  if (practitionerIds !== null && practitionerIds.length === 0) return [];
  const ids = practitionerIds === null ? null : `{${practitionerIds.join(',')}}`;
  const result = await scope.tx.execute(sql`
    select id, practitioner_id, starts_at, ends_at, blocked_until, status
    from vellum_busy_times(${ids}::uuid[], ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz,
                           ${ignoreAppointmentId ?? null}::uuid)
    where ${statuses === 'all'} or status in ('booked', 'checked_in', 'completed')
    order by starts_at`);
  type Row = Record<'id' | 'practitioner_id' | 'status', string> &
    Record<'starts_at' | 'ends_at' | 'blocked_until', string | Date>;
  return (result as unknown as { rows: Row[] }).rows.map((r) => ({
    id: r.id,
    practitionerId: r.practitioner_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    blockedUntil: new Date(r.blocked_until),
    status: r.status,
  }));
}
