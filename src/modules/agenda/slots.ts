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
  /**
   * When a start may be booked as far as rooms and devices go (resourceStartWindows: sorted, merged,
   * half-open); absent when the treatment needs none.
   */
  resourceStarts?: Interval[];
};

export type Slot = { start: Date; practitionerId: string };

const MINUTE = 60_000;

/**
 * A sweep: each practitioner's blocked time (closures, absences, appointments) is merged and sorted
 * once; the days are walked in order with a pointer into it, so a day sees only what touches it
 * without filtering the whole window again, and each day's free intervals are walked once against the
 * sorted grid starts (two pointers) instead of testing every start against every interval.
 */
export function freeSlots(query: SlotQuery): Slot[] {
  const earliest = query.now.getTime() + query.leadMinutes * MINUTE;
  const latest = query.now.getTime() + query.horizonDays * 24 * 60 * MINUTE;
  const length = (query.durationMinutes + query.bufferMinutes) * MINUTE;
  // Ties at one start are ordered by id as before (localeCompare), once, not per comparison.
  const practitioners = [...query.practitioners]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({
      id: p.id,
      hours: p.hours,
      extras: union(p.extras),
      blocked: union([...query.closures, ...p.absences, ...p.busy]),
      nextExtra: 0,
      nextBlocked: 0,
    }));
  const found: { start: number; rank: number }[] = [];
  for (const date of datesBetween(query.from, query.to)) {
    const opening = dayIntervals(date, query.opening, query.timeZone);
    if (opening.length === 0) continue;
    const grid = gridStarts(date, query.stepMinutes, query.timeZone);
    const starts = query.resourceStarts ? within(grid, query.resourceStarts) : grid;
    let first = 0;
    while (first < starts.length && (starts[first] as number) < earliest) first++;
    if (first === starts.length || (starts[first] as number) > latest) continue;
    const dayStart = opening[0]?.start ?? 0;
    const dayEnd = opening.at(-1)?.end ?? 0;
    practitioners.forEach((practitioner, rank) => {
      const extras = touching(practitioner.extras, practitioner.nextExtra, dayStart, dayEnd);
      practitioner.nextExtra = extras.next;
      const working = union([...dayIntervals(date, practitioner.hours, query.timeZone), ...extras.touching]);
      if (working.length === 0) return;
      const blocked = touching(practitioner.blocked, practitioner.nextBlocked, dayStart, dayEnd);
      practitioner.nextBlocked = blocked.next;
      const free = subtractSorted(intersect(working, opening), blocked.touching);
      // Two pointers: the starts ascend, the free intervals ascend and do not touch.
      let f = 0;
      for (let s = first; s < starts.length && f < free.length; s++) {
        const start = starts[s] as number;
        if (start > latest) break;
        while (f < free.length && (free[f] as Interval).end < start + length) f++;
        const interval = free[f];
        if (interval && interval.start <= start) found.push({ start, rank });
      }
    });
  }
  found.sort((a, b) => a.start - b.start || a.rank - b.rank);
  return found.map((s) => ({ start: new Date(s.start), practitionerId: practitioners[s.rank]?.id ?? '' }));
}

/** The sorted instants that lie in one of the sorted, merged windows (two pointers). */
function within(instants: number[], windows: Interval[]): number[] {
  const out: number[] = [];
  let w = 0;
  for (const t of instants) {
    while (w < windows.length && (windows[w] as Interval).end <= t) w++;
    const window = windows[w];
    if (window && window.start <= t) out.push(t);
  }
  return out;
}

/**
 * Rooms and devices (issue 17): the starts at which a booking of `length` ms finds a free unit of
 * every kind it needs. `kinds` holds, per needed kind, each live unit's holds (any order). A unit
 * free over [a, b) takes any start in [a, b - length]; a kind allows the union of its units' starts
 * (a start is fine when some one unit is free the whole time — never two units' gaps glued
 * together); the treatment allows the intersection over its kinds. A kind without units allows
 * nothing. The answer is sorted, merged and half-open, for freeSlots' `resourceStarts`.
 */
export function resourceStartWindows(kinds: Interval[][][], length: number): Interval[] {
  let allowed: Interval[] = [{ start: -Infinity, end: Infinity }];
  for (const units of kinds) {
    const starts: Interval[] = [];
    for (const holds of units) {
      let cursor = -Infinity;
      for (const hold of union(holds)) {
        if (hold.start - length >= cursor) starts.push({ start: cursor, end: hold.start - length + 1 });
        cursor = Math.max(cursor, hold.end);
      }
      starts.push({ start: cursor, end: Infinity });
    }
    allowed = intersectSorted(allowed, union(starts));
    if (allowed.length === 0) break;
  }
  return allowed;
}

/** The intersection of two sorted, merged lists, in one pass over each. */
function intersectSorted(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/**
 * The sorted, merged intervals that touch [from, to), from a pointer on; the pointer moves past what
 * ends before `from`, which no later day (later `from`) can need again.
 */
function touching(
  sorted: Interval[],
  pointer: number,
  from: number,
  to: number,
): { touching: Interval[]; next: number } {
  let next = pointer;
  while (next < sorted.length && (sorted[next] as Interval).end <= from) next++;
  const out: Interval[] = [];
  for (let i = next; i < sorted.length && (sorted[i] as Interval).start < to; i++)
    out.push(sorted[i] as Interval);
  return { touching: out, next };
}

/** `from` minus `remove`, both sorted and merged (union), in one pass over each. */
function subtractSorted(from: Interval[], remove: Interval[]): Interval[] {
  const out: Interval[] = [];
  let r = 0;
  for (const f of from) {
    let cursor = f.start;
    while (r < remove.length && (remove[r] as Interval).end <= cursor) r++;
    let k = r;
    while (k < remove.length && (remove[k] as Interval).start < f.end) {
      const cut = remove[k] as Interval;
      if (cut.start > cursor) out.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
      k++;
    }
    if (cursor < f.end) out.push({ start: cursor, end: f.end });
  }
  return out;
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
