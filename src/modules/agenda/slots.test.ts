import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datesBetween, localDate, localMinutes, weekday, zonedInstant } from './clinic-time';
import {
  dayIntervals,
  freeSlots,
  type Interval,
  intersect,
  type Slot,
  type SlotQuery,
  subtract,
  union,
} from './slots';

const ZONE = 'Europe/Amsterdam';
const MINUTE = 60_000;
const weekdays = [1, 2, 3, 4, 5, 6, 7];

describe('clinic time', () => {
  it('maps wall-clock times to instants across summer and winter time', () => {
    expect(zonedInstant('2026-01-15', 9 * 60, ZONE).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', 9 * 60, ZONE).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // Spring forward (29 March 2026): 02:30 does not exist and moves to 03:30 CEST.
    expect(zonedInstant('2026-03-29', 2 * 60 + 30, ZONE).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // Fall back (25 October 2026): 02:30 happens twice; the first is taken.
    expect(zonedInstant('2026-10-25', 2 * 60 + 30, ZONE).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(weekday('2026-11-25')).toBe(3);
  });
});

/** Days around both changes of 2026, and ordinary ones. */
const dates = fc.constantFrom(
  '2026-03-28',
  '2026-03-29',
  '2026-03-30',
  '2026-10-24',
  '2026-10-25',
  '2026-10-26',
  '2026-11-25',
);
const hours = fc.array(
  fc
    .record({
      weekday: fc.constantFrom(...weekdays),
      start: fc.integer({ min: 0, max: 22 * 4 }),
      length: fc.integer({ min: 1, max: 40 }),
    })
    .map((h) => ({
      weekday: h.weekday,
      startMinutes: h.start * 15,
      endMinutes: Math.min(24 * 60, h.start * 15 + h.length * 15),
    })),
  { maxLength: 6 },
);

function intervalsOn(date: string, raw: { at: number; length: number }[]): Interval[] {
  const base = zonedInstant(date, 0, ZONE).getTime();
  return raw.map((r) => ({ start: base + r.at * 15 * MINUTE, end: base + (r.at + r.length) * 15 * MINUTE }));
}
const rawIntervals = fc.array(
  fc.record({ at: fc.integer({ min: 0, max: 95 }), length: fc.integer({ min: 1, max: 16 }) }),
  {
    maxLength: 5,
  },
);

const query = fc
  .record({
    date: dates,
    opening: hours,
    workHours: hours,
    absences: rawIntervals,
    busy: rawIntervals,
    closures: rawIntervals,
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    buffer: fc.constantFrom(0, 5, 15),
    step: fc.constantFrom(5, 15, 30),
  })
  .map(({ date, opening, workHours, absences, busy, closures, duration, buffer, step }) => ({
    query: {
      timeZone: ZONE,
      from: date,
      to: date,
      now: new Date('2026-01-01T00:00:00Z'),
      leadMinutes: 0,
      horizonDays: 400,
      stepMinutes: step,
      durationMinutes: duration,
      bufferMinutes: buffer,
      opening: weekdays.flatMap((weekday) => opening.map((h) => ({ ...h, weekday }))),
      closures: intervalsOn(date, closures),
      practitioners: [
        {
          id: 'p1',
          hours: weekdays.flatMap((weekday) => workHours.map((h) => ({ ...h, weekday }))),
          extras: [],
          absences: intervalsOn(date, absences),
          busy: intervalsOn(date, busy),
        },
      ],
    } satisfies SlotQuery,
  }));

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

describe('free slots', () => {
  it('never offers a slot that overlaps an appointment, an absence or a closure, DST days included', () => {
    fc.assert(
      fc.property(query, ({ query: q }) => {
        const length = (q.durationMinutes + q.bufferMinutes) * MINUTE;
        const p = q.practitioners[0];
        for (const slot of freeSlots(q)) {
          const taken = { start: slot.start.getTime(), end: slot.start.getTime() + length };
          for (const blocked of [...(p?.busy ?? []), ...(p?.absences ?? []), ...q.closures]) {
            if (overlaps(taken, blocked)) return false;
          }
        }
        return true;
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it('offers only slots that lie wholly within working and opening hours, on the local grid', () => {
    fc.assert(
      fc.property(query, ({ query: q }) => {
        const length = (q.durationMinutes + q.bufferMinutes) * MINUTE;
        for (const slot of freeSlots(q)) {
          const date = localDate(slot.start, ZONE);
          const startMinutes = localMinutes(slot.start, ZONE);
          if (startMinutes % q.stepMinutes !== 0) return false;
          const end = slot.start.getTime() + length;
          const within = (weekly: SlotQuery['opening']) =>
            weekly.some((h) => {
              if (h.weekday !== weekday(date)) return false;
              const from = zonedInstant(date, h.startMinutes, ZONE).getTime();
              const to = zonedInstant(date, h.endMinutes, ZONE).getTime();
              return from <= slot.start.getTime() && end <= to;
            });
          // Adjacent hour blocks merge, so check against the merged day rather than single rows.
          const merged = (weekly: SlotQuery['opening']) =>
            within(weekly) || coveredByUnion(date, weekly, slot.start.getTime(), end);
          if (!merged(q.opening) || !merged(q.practitioners[0]?.hours ?? [])) return false;
        }
        return true;
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it('respects the lead time and the horizon', () => {
    const base: SlotQuery = {
      timeZone: ZONE,
      from: '2026-11-25',
      to: '2027-02-01',
      now: new Date('2026-11-25T09:00:00Z'),
      leadMinutes: 120,
      horizonDays: 60,
      stepMinutes: 15,
      durationMinutes: 60,
      bufferMinutes: 0,
      opening: weekdays.map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 })),
      closures: [],
      practitioners: [
        {
          id: 'p1',
          hours: weekdays.map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 })),
          extras: [],
          absences: [],
          busy: [],
        },
      ],
    };
    const slots = freeSlots(base);
    expect(slots[0]?.start.toISOString()).toBe('2026-11-25T11:00:00.000Z'); // 12:00 local, two hours after 10:00
    expect(slots.at(-1)?.start.getTime()).toBeLessThanOrEqual(base.now.getTime() + 60 * 24 * 3600 * 1000);
  });
});

function coveredByUnion(date: string, weekly: SlotQuery['opening'], start: number, end: number): boolean {
  const day = weekday(date);
  const pieces = weekly
    .filter((h) => h.weekday === day && h.endMinutes > h.startMinutes)
    .map((h) => ({
      start: zonedInstant(date, h.startMinutes, ZONE).getTime(),
      end: zonedInstant(date, h.endMinutes, ZONE).getTime(),
    }))
    .sort((a, b) => a.start - b.start);
  let reached = start;
  for (const p of pieces) {
    if (p.start <= reached && p.end > reached) reached = p.end;
    if (reached >= end) return true;
  }
  return reached >= end;
}

/**
 * The computation before the sweep (issue 16), kept to check the sweep against: every grid start of
 * every day tested against every free interval, the busy intervals filtered per day.
 */
function referenceFreeSlots(query: SlotQuery): Slot[] {
  const earliest = query.now.getTime() + query.leadMinutes * MINUTE;
  const latest = query.now.getTime() + query.horizonDays * 24 * 60 * MINUTE;
  const length = (query.durationMinutes + query.bufferMinutes) * MINUTE;
  const slots: Slot[] = [];
  for (const date of datesBetween(query.from, query.to)) {
    const opening = dayIntervals(date, query.opening, query.timeZone);
    if (opening.length === 0) continue;
    const starts = referenceGridStarts(date, query.stepMinutes, query.timeZone);
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

function referenceGridStarts(date: string, step: number, timeZone: string): number[] {
  const seen = new Set<number>();
  for (let minutes = 0; minutes < 24 * 60; minutes += step) {
    seen.add(zonedInstant(date, minutes, timeZone).getTime());
  }
  return [...seen].sort((a, b) => a - b);
}

/** Random agendas of a few weeks around both changes of time, several practitioners, with holidays. */
const firstDays = fc.constantFrom('2026-03-23', '2026-03-26', '2026-10-19', '2026-10-23', '2026-11-23');
const span = (from: string, days: number) =>
  new Date(Date.parse(`${from}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
/** Intervals anywhere in the window, in 5-minute steps, some long (holidays, absences of days). */
const windowIntervals = (maxLength: number, longest: number) =>
  fc.array(
    fc.record({ at: fc.integer({ min: -288, max: 14 * 288 }), length: fc.integer({ min: 0, max: longest }) }),
    { maxLength },
  );
const weeklyHours = fc.array(
  fc
    .record({
      weekday: fc.constantFrom(...weekdays),
      start: fc.integer({ min: 0, max: 24 * 12 - 1 }),
      length: fc.integer({ min: 1, max: 14 * 12 }),
    })
    .map((h) => ({
      weekday: h.weekday,
      startMinutes: h.start * 5,
      endMinutes: Math.min(24 * 60, (h.start + h.length) * 5),
    })),
  { maxLength: 10 },
);
const agenda = fc
  .record({
    from: firstDays,
    days: fc.integer({ min: 1, max: 14 }),
    opening: weeklyHours,
    closures: windowIntervals(3, 2 * 288),
    practitioners: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom('a', 'B', 'c-1', 'c1', '10', '9', 'ä'),
        hours: weeklyHours,
        extras: windowIntervals(3, 120),
        absences: windowIntervals(3, 3 * 288),
        busy: windowIntervals(40, 36),
      }),
      { minLength: 1, maxLength: 4, selector: (p) => p.id },
    ),
    now: fc.integer({ min: -2 * 288, max: 10 * 288 }),
    lead: fc.constantFrom(0, 60, 24 * 60),
    horizon: fc.constantFrom(3, 7, 60),
    duration: fc.constantFrom(5, 15, 30, 45, 60, 90),
    buffer: fc.constantFrom(0, 5, 15),
    step: fc.constantFrom(5, 10, 15, 30, 60),
  })
  .map((a): SlotQuery => {
    const base = zonedInstant(a.from, 0, ZONE).getTime();
    const instants = (raw: { at: number; length: number }[]) =>
      raw.map((r) => ({ start: base + r.at * 5 * MINUTE, end: base + (r.at + r.length) * 5 * MINUTE }));
    return {
      timeZone: ZONE,
      from: a.from,
      to: span(a.from, a.days - 1),
      now: new Date(base + a.now * 5 * MINUTE),
      leadMinutes: a.lead,
      horizonDays: a.horizon,
      stepMinutes: a.step,
      durationMinutes: a.duration,
      bufferMinutes: a.buffer,
      opening: a.opening,
      closures: instants(a.closures),
      practitioners: a.practitioners.map((p) => ({
        id: p.id,
        hours: p.hours,
        extras: instants(p.extras),
        absences: instants(p.absences),
        busy: instants(p.busy),
      })),
    };
  });

describe('free slots by sweep', () => {
  it('equal the computation they replace on random agendas, DST change days included', () => {
    const plain = (slots: Slot[]) => slots.map((s) => `${s.start.toISOString()} ${s.practitionerId}`);
    fc.assert(
      fc.property(agenda, (q) => {
        expect(plain(freeSlots(q))).toEqual(plain(referenceFreeSlots(q)));
      }),
      { seed: 20261207, numRuns: 400 },
    );
  });

  it('offer something on the random agendas often enough for the comparison to mean something', () => {
    const offered = fc
      .sample(agenda, { seed: 20261207, numRuns: 400 })
      .filter((q) => freeSlots(q).length > 0);
    expect(offered.length).toBeGreaterThan(100);
  });
});
