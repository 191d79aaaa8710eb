import { and, eq, gt, gte, isNull, lte } from 'drizzle-orm';
import { location, staff } from '../../db/schema';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { staffLocation } from '../locations/tables';
import { datesBetween } from './clinic-time';
import { type HolidayKey, holidaysBetween, isHoliday } from './holidays';
import type { WeeklyHours } from './slots';
import { holidayOpening, openingHours, scheduleException, workingHours } from './tables';

/**
 * The schedule the free times are computed from (owner only): the clinic's weekly opening hours,
 * each practitioner's working hours, and the exceptions (absences, closures, extra hours).
 */
export class Schedule {
  constructor(private readonly gate: AccessGate) {}

  /** The weekly opening hours and every practitioner's working hours (owner, for the schedule editor). */
  async schedule(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'schedule' });
      const block = hoursBlock;
      const opening = await scope.tx.select().from(openingHours);
      const working = await scope.tx.select().from(workingHours);
      const staffIds = [...new Set(working.map((w) => w.staffId))];
      return {
        openingHours: opening
          .map(block)
          .sort((a, b) => a.weekday - b.weekday || a.startMinutes - b.startMinutes),
        workingHours: staffIds.map((staffId) => ({
          staffId,
          hours: working
            .filter((w) => w.staffId === staffId)
            .map(block)
            .sort((a, b) => a.weekday - b.weekday || a.startMinutes - b.startMinutes),
        })),
      };
    });
  }

  /**
   * The opening hours and every practitioner's working hours, for every staff member: the agenda
   * shades the time outside them. Nothing of a client in it.
   */
  async agendaHours(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'schedule' });
      const block = hoursBlock;
      const working = await scope.tx.select().from(workingHours);
      return {
        openingHours: (await scope.tx.select().from(openingHours)).map(block),
        workingHours: [...new Set(working.map((w) => w.staffId))].map((staffId) => ({
          staffId,
          hours: working.filter((w) => w.staffId === staffId).map(block),
        })),
      };
    });
  }

  /**
   * Replaces a location's weekly opening hours (owner); the other locations' hours stay. The
   * location may be left out when there is only one.
   */
  async setOpeningHours(
    actor: Actor,
    hours: WeeklyHours,
    origin: string,
    locationId?: string | null,
  ): Promise<void> {
    assertHours(hours);
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'opening_hours' });
      const at = await hoursLocation(scope, locationId);
      await scope.tx.delete(openingHours).where(eq(openingHours.locationId, at));
      if (hours.length > 0)
        await scope.tx.insert(openingHours).values(hours.map((h) => ({ id: newId(), locationId: at, ...h })));
      scope.record({ action: 'update', objectType: 'opening_hours', objectId: at, basis: 'role' });
    });
  }

  /**
   * Replaces a practitioner's weekly working hours at one location (owner); their hours at other
   * locations stay. They must work there; the location may be left out when there is only one.
   */
  async setWorkingHours(
    actor: Actor,
    staffId: string,
    hours: WeeklyHours,
    origin: string,
    locationId?: string | null,
  ): Promise<void> {
    assertHours(hours);
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'working_hours', objectId: staffId });
      const [member] = await scope.tx.select({ role: staff.role }).from(staff).where(eq(staff.id, staffId));
      if (!member || member.role === 'reception') throw new NotFound();
      const at = await hoursLocation(scope, locationId);
      const [works] = await scope.tx
        .select({ staffId: staffLocation.staffId })
        .from(staffLocation)
        .where(and(eq(staffLocation.staffId, staffId), eq(staffLocation.locationId, at)));
      if (!works) {
        throw new Invalid('locationId names a location this staff member does not work at', [
          { field: 'locationId', message: 'is not a location this staff member works at' },
        ]);
      }
      await scope.tx
        .delete(workingHours)
        .where(and(eq(workingHours.staffId, staffId), eq(workingHours.locationId, at)));
      if (hours.length > 0) {
        await scope.tx
          .insert(workingHours)
          .values(hours.map((h) => ({ id: newId(), staffId, locationId: at, ...h })));
      }
      scope.record({
        action: 'update',
        objectType: 'working_hours',
        objectId: staffId,
        basis: 'role',
        reason: `location ${at}`,
      });
    });
  }

  /** A holiday, sickness or extra hours for a practitioner, or a closure of the clinic (owner). */
  async addException(
    actor: Actor,
    input: {
      staffId: string | null;
      /** One location's closure, or the staff member's exception there; null or absent: everywhere. */
      locationId?: string | null;
      kind: 'absence' | 'extra';
      startsAt: Date;
      endsAt: Date;
      note?: string;
    },
    origin: string,
  ): Promise<{ id: string }> {
    if (input.endsAt <= input.startsAt) {
      throw new Invalid('endsAt is not after startsAt', [
        { field: 'endsAt', message: 'is not after startsAt' },
      ]);
    }
    if (input.staffId === null && input.kind === 'extra') {
      throw new Invalid('extra hours belong to a practitioner', [
        { field: 'staffId', message: 'is required for extra hours' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: 'schedule_exception' });
      if (input.locationId) await assertLiveLocation(scope, input.locationId);
      const id = newId();
      await scope.tx
        .insert(scheduleException)
        .values({ id, ...input, locationId: input.locationId ?? null, note: input.note ?? null });
      scope.record({ action: 'create', objectType: 'schedule_exception', objectId: id, basis: 'role' });
      return { id };
    });
  }

  /** Absences, closures and extra hours that have not ended yet, soonest first (owner). */
  async exceptions(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'schedule_exception' });
      return scope.tx
        .select()
        .from(scheduleException)
        .where(gt(scheduleException.endsAt, scope.now))
        .orderBy(scheduleException.startsAt);
    });
  }

  /** Removes an absence, closure or extra hours (owner); the free times follow at once. */
  async removeException(actor: Actor, id: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'delete', objectType: 'schedule_exception', objectId: id });
      const gone = await scope.tx
        .delete(scheduleException)
        .where(eq(scheduleException.id, id))
        .returning({ id: scheduleException.id });
      if (gone.length === 0) throw new NotFound();
      scope.record({ action: 'delete', objectType: 'schedule_exception', objectId: id, basis: 'role' });
    });
  }

  /**
   * The Dutch public holidays between two local dates, and whether the owner opened each (every
   * staff member: the agenda shows closed days). At most a year and a bit.
   */
  async holidays(
    actor: Actor,
    from: string,
    to: string,
    origin: string,
  ): Promise<{ date: string; key: HolidayKey; open: boolean }[]> {
    if (datesBetween(from, to).length > 400) {
      throw new Invalid('to is more than 400 days after from', [
        { field: 'to', message: 'is more than 400 days after from' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'holiday' });
      const opened = await scope.tx
        .select({ day: holidayOpening.day })
        .from(holidayOpening)
        .where(and(gte(holidayOpening.day, from), lte(holidayOpening.day, to)));
      const open = new Set(opened.map((o) => o.day));
      return holidaysBetween(from, to).map((h) => ({ ...h, open: open.has(h.date) }));
    });
  }

  /** Opens a public holiday for bookings (the clinic works that day), or closes it again (owner). */
  async setHolidayOpen(actor: Actor, date: string, open: boolean, origin: string): Promise<void> {
    if (!isHoliday(date)) {
      throw new Invalid('date is not a Dutch public holiday', [
        { field: 'date', message: 'is not a Dutch public holiday' },
      ]);
    }
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'holiday', objectId: null });
      if (open) {
        await scope.tx
          .insert(holidayOpening)
          .values({ day: date, openedBy: actor.kind === 'staff' ? actor.id : null, openedAt: scope.now })
          .onConflictDoNothing();
      } else {
        await scope.tx.delete(holidayOpening).where(eq(holidayOpening.day, date));
      }
      scope.record({
        action: 'update',
        objectType: 'holiday',
        basis: 'role',
        reason: `${date} ${open ? 'opened' : 'closed'}`,
      });
    });
  }
}

function hoursBlock(r: { weekday: number; startMinutes: number; endMinutes: number; locationId: string }) {
  return {
    weekday: r.weekday,
    startMinutes: r.startMinutes,
    endMinutes: r.endMinutes,
    locationId: r.locationId,
  };
}

async function assertLiveLocation(scope: Scope, id: string): Promise<void> {
  const [found] = await scope.tx
    .select({ id: location.id })
    .from(location)
    .where(and(eq(location.id, id), isNull(location.archivedAt)));
  if (!found) {
    throw new Invalid('locationId names no live location', [
      { field: 'locationId', message: 'names no live location' },
    ]);
  }
}

/** The location hours are set for: the one named (live), or the only live one; else 400 naming locationId. */
async function hoursLocation(scope: Scope, named: string | null | undefined): Promise<string> {
  if (named) {
    await assertLiveLocation(scope, named);
    return named;
  }
  const live = await scope.tx.select({ id: location.id }).from(location).where(isNull(location.archivedAt));
  const [only] = live;
  if (live.length !== 1 || !only) {
    throw new Invalid('locationId is required when the clinic has more than one location', [
      { field: 'locationId', message: 'is required when the clinic has more than one location' },
    ]);
  }
  return only.id;
}

function assertHours(hours: WeeklyHours): void {
  const problems = hours.flatMap((h, i) =>
    h.endMinutes > h.startMinutes &&
    h.startMinutes >= 0 &&
    h.endMinutes <= 24 * 60 &&
    h.weekday >= 1 &&
    h.weekday <= 7
      ? []
      : [{ field: `hours.${i}`, message: 'is not a block of time within one day' }],
  );
  if (problems.length > 0)
    throw new Invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}
