import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, localMinutes, weekday, zonedInstant } from './clinic-time';
import { freeSlots, type Interval, type SlotQuery } from './slots';

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
