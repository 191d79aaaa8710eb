import { describe, expect, it } from 'vitest';
import type { AgendaEntry } from '../web/src/agenda/agenda-types';
import { visibleHours } from '../web/src/agenda/staff/visible-hours';

// The agenda grid's hours: 08:00–19:00 at least, widened to every column's open hours and to every
// appointment. A clinic open until 21:00 saw its evening cut off at 19:00 (issue 14's week walk).
const ZONE = 'Europe/Amsterdam';
const H = 60;
const entry = (startsAt: string, endsAt: string) => ({ startsAt, endsAt }) as AgendaEntry;

describe('the agenda grid’s visible hours', () => {
  it('shows 08:00–19:00 when nothing is known yet: no shade is not "open all day"', () => {
    expect(visibleHours([], ZONE)).toEqual({ start: 8 * H, end: 19 * H });
    expect(visibleHours([], ZONE, [{ shade: [] }, {}])).toEqual({ start: 8 * H, end: 19 * H });
  });

  it('widens to a column open until 21:30 and from 07:00', () => {
    const evening = {
      shade: [
        { start: 0, end: 12 * H },
        { start: 21 * H + 30, end: 24 * H },
      ],
    };
    const early = {
      shade: [
        { start: 0, end: 7 * H },
        { start: 15 * H, end: 24 * H },
      ],
    };
    expect(visibleHours([], ZONE, [early, evening])).toEqual({ start: 7 * H, end: 22 * H });
  });

  it('ignores a closed holiday and a day shaded whole, and still shows a late appointment', () => {
    const late = {
      shade: [
        { start: 0, end: 9 * H },
        { start: 23 * H, end: 24 * H },
      ],
      closed: 'Gesloten',
    };
    const whole = { shade: [{ start: 0, end: 24 * H }] };
    expect(visibleHours([], ZONE, [late, whole])).toEqual({ start: 8 * H, end: 19 * H });
    // 19:30–20:15 in Amsterdam (winter: UTC+1).
    const evening = entry('2026-12-08T18:30:00.000Z', '2026-12-08T19:15:00.000Z');
    expect(visibleHours([evening], ZONE, [whole])).toEqual({ start: 8 * H, end: 21 * H });
  });
});
