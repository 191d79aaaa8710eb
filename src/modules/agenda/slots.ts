/**
 * Free times for a treatment (issue 6): what a visitor may book. Pure: the caller loads the hours,
 * exceptions and appointments. A slot is offered when the treatment with its buffer fits wholly in
 * time that is both the clinic's opening hours and the practitioner's working hours (or extra
 * hours), outside every absence and every existing appointment with its buffer; on the clinic's
 * local grid (09:00, 09:15 …), no sooner than the lead time and no later than the horizon. Local
 * times go through the clinic's time zone, so summer and winter time are right.
 */
import { datesBetween, weekday, zonedInstant } from './clinic-time';

export type Interval = { start: number; end: number };
export type WeeklyHours = { weekday: number; startMinutes: number; endMinutes: number }[];

export type PractitionerSchedule = {
  id: string;
  hours: WeeklyHours;
  /** Extra hours on given days (instants), on top of the weekly hours. */
  extras: Interval[];
  /** Holidays, sickness (instants). */
  absences: Interval[];
  /** Existing appointments, each up to the end of its buffer. */
  busy: Interval[];
};

export type SlotQuery = {
  timeZone: string;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  now: Date;
  leadMinutes: number;
  horizonDays: number;
  stepMinutes: number;
  durationMinutes: number;
  bufferMinutes: number;
  opening: WeeklyHours;
  /** Days the whole clinic is closed (instants). */
  closures: Interval[];
  practitioners: PractitionerSchedule[];
};

export type Slot = { start: Date; practitionerId: string };

const MINUTE = 60_000;

export function freeSlots(query: SlotQuery): Slot[] {
  const earliest = query.now.getTime() + query.leadMinutes * MINUTE;
  const latest = query.now.getTime() + query.horizonDays * 24 * 60 * MINUTE;
  const length = (query.durationMinutes + query.bufferMinutes) * MINUTE;
  const slots: Slot[] = [];
  for (const date of datesBetween(query.from, query.to)) {
    const opening = dayIntervals(date, query.opening, query.timeZone);
    if (opening.length === 0) continue;
    const starts = gridStarts(date, query.stepMinutes, query.timeZone);
    // Only what touches this day's opening hours matters, not 60 days of appointments.
    const dayStart = opening[0]?.start ?? 0;
    const dayEnd = opening.at(-1)?.end ?? 0;
    const touching = (i: Interval) => i.start < dayEnd && i.end > dayStart;
    const closures = query.closures.filter(touching);
    for (const practitioner of query.practitioners) {
      const working = union([
        ...dayIntervals(date, practitioner.hours, query.timeZone),
        ...practitioner.extras.filter(touching),
      ]);
      const free = subtract(intersect(working, opening), [
        ...closures,
        ...practitioner.absences.filter(touching),
        ...practitioner.busy.filter(touching),
      ]);
      for (const start of starts) {
        if (start < earliest || start > latest) continue;
        if (free.some((f) => f.start <= start && start + length <= f.end)) {
          slots.push({ start: new Date(start), practitionerId: practitioner.id });
        }
      }
    }
  }
  return slots.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId),
  );
}

/** Weekly hours on one local date, as instants. */
export function dayIntervals(date: string, hours: WeeklyHours, timeZone: string): Interval[] {
  const day = weekday(date);
  return union(
    hours
      .filter((h) => h.weekday === day && h.endMinutes > h.startMinutes)
      .map((h) => ({
        start: zonedInstant(date, h.startMinutes, timeZone).getTime(),
        end: zonedInstant(date, h.endMinutes, timeZone).getTime(),
      })),
  );
}

/**
 * The local grid of a day (every `step` minutes from midnight), as distinct instants. On a day
 * without a change of time that is plain arithmetic from local midnight; only the two days a year
 * with one convert each time through the zone.
 */
function gridStarts(date: string, step: number, timeZone: string): number[] {
  const midnight = zonedInstant(date, 0, timeZone).getTime();
  const nextMidnight = zonedInstant(nextDate(date), 0, timeZone).getTime();
  if (nextMidnight - midnight === 24 * 60 * 60_000) {
    const starts: number[] = [];
    for (let minutes = 0; minutes < 24 * 60; minutes += step) starts.push(midnight + minutes * 60_000);
    return starts;
  }
  const seen = new Set<number>();
  for (let minutes = 0; minutes < 24 * 60; minutes += step) {
    seen.add(zonedInstant(date, minutes, timeZone).getTime());
  }
  return [...seen].sort((a, b) => a - b);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60_000).toISOString().slice(0, 10);
}

export function union(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return union(out);
}

export function subtract(from: Interval[], remove: Interval[]): Interval[] {
  let rest = union(from);
  for (const r of union(remove)) {
    rest = rest.flatMap((f) => {
      if (r.end <= f.start || r.start >= f.end) return [f];
      const parts: Interval[] = [];
      if (r.start > f.start) parts.push({ start: f.start, end: r.start });
      if (r.end < f.end) parts.push({ start: r.end, end: f.end });
      return parts;
    });
  }
  return rest;
}
