/**
 * Free times: what the schedule leaves open (opening and working hours, exceptions) minus the
 * times appointments take; the check that a requested time is still free, under the practitioner's
 * advisory lock; and the answer with the next free times when someone took it a moment earlier.
 * Shared by booking (online and by staff) and the reschedule link.
 */
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { clinic, staff } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { type Actor, visitor } from '../access/actor';
import type { AccessGate, Scope, Tx } from '../access/gate';
import { treatmentType, treatmentTypePractitioner } from '../catalogue/tables';
import { datesBetween, localDate, zonedInstant } from './clinic-time';
import { holidaysBetween } from './holidays';
import { freeSlots, type Interval, type Slot, type WeeklyHours } from './slots';
import { holidayOpening, openingHours, scheduleException, workingHours } from './tables';

/** Anonymous visitors of the booking page: they may book, and read nothing of anyone (decision 0014). */
export const BOOKING_ACTOR: Actor = visitor('online-booking');
const MINUTE = 60_000;
const NEXT_FREE = 5;

export type BookingRequest = {
  treatmentTypeId: string;
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

export async function slotsIn(
  scope: Scope,
  treatmentTypeId: string,
  practitionerId: string | null,
  from: string,
  to: string,
  /** An appointment being moved: its own time counts as free. */
  ignoreAppointmentId?: string,
  channel: Channel = 'online',
): Promise<Slot[]> {
  const [rules] = await scope.tx.select().from(clinic).limit(1);
  const [type] = await scope.tx.select().from(treatmentType).where(eq(treatmentType.id, treatmentTypeId));
  if (!rules || !type?.active) return [];
  const performers = await scope.tx
    .select({ id: treatmentTypePractitioner.staffId })
    .from(treatmentTypePractitioner)
    .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
    .where(and(eq(treatmentTypePractitioner.treatmentTypeId, treatmentTypeId), isNull(staff.disabledAt)));
  const ids = performers.map((p) => p.id).filter((id) => practitionerId === null || id === practitionerId);
  if (ids.length === 0 || datesBetween(from, to).length > 92) return [];
  const zone = rules.timeZone;
  const windowStart = zonedInstant(from, 0, zone);
  const windowEnd = new Date(zonedInstant(to, 0, zone).getTime() + 26 * 3600 * 1000);
  // One transaction is one connection: its queries run one after another (pg queues them, and
  // pg 9 will refuse overlapping ones). Drizzle's builders run only when awaited.
  const reads = [
    scope.tx.select().from(openingHours),
    scope.tx.select().from(workingHours).where(inArray(workingHours.staffId, ids)),
    scope.tx
      .select()
      .from(scheduleException)
      .where(
        and(
          lt(scheduleException.startsAt, windowEnd),
          gt(scheduleException.endsAt, windowStart),
          or(isNull(scheduleException.staffId), inArray(scheduleException.staffId, ids)),
        ),
      ),
  ] as const;
  const opening = await reads[0];
  const hours = await reads[1];
  const exceptions = await reads[2];
  const holidays = await closedHolidays(scope, from, to, zone);
  const busy = (await busyTimes(scope, ids, windowStart, windowEnd, ignoreAppointmentId)).map((b) => ({
    practitionerId: b.practitionerId,
    start: b.startsAt,
    end: b.blockedUntil,
  }));
  const interval = (start: Date, end: Date): Interval => ({ start: start.getTime(), end: end.getTime() });
  const weekly = (rows: { weekday: number; startMinutes: number; endMinutes: number }[]): WeeklyHours =>
    rows.map((r) => ({ weekday: r.weekday, startMinutes: r.startMinutes, endMinutes: r.endMinutes }));
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
  });
}

/**
 * The requested time must be one of the free slots (working hours, opening hours, exceptions,
 * lead time, horizon, the grid, a practitioner who performs the treatment); for "anyone", the
 * first practitioner free then.
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
  const zone = await clinicTimeZone(scope);
  const day = localDate(input.startsAt, zone);
  const free = await slotsIn(
    scope,
    input.treatmentTypeId,
    input.practitionerId,
    day,
    day,
    ignoreAppointmentId,
    channel,
  );
  const match = free.find((s) => s.start.getTime() === input.startsAt.getTime());
  if (!match && (await takenByAppointment(scope, input, type, ignoreAppointmentId))) {
    throw new SlotTaken();
  }
  if (!match) {
    throw new Invalid('startsAt is not a free time for this treatment', [
      { field: 'startsAt', message: 'is not a free time for this treatment' },
    ]);
  }
  // One booking per practitioner at a time: concurrent inserts under an exclusion constraint can
  // deadlock each other; queued behind this lock, the next one sees the first and is told so.
  await scope.tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`vellum-agenda:${match.practitionerId}`}, 0))`,
  );
  const practitioner = { ...input, practitionerId: match.practitionerId };
  if (await takenByAppointment(scope, practitioner, type, ignoreAppointmentId)) throw new SlotTaken();
  return { practitionerId: match.practitionerId, type };
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
    const free = await slotsIn(
      scope,
      input.treatmentTypeId,
      input.practitionerId,
      day,
      until,
      ignoreAppointmentId,
    );
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
