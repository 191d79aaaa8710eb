import { describe, expect, it } from 'vitest';
import { isoToWallClock, localDate, localMinutes, wallClockToIso, zonedInstant } from './zoned-time';

const AMS = 'Europe/Amsterdam';

/** The one implementation of summer time that the server and the web app share, on the change days. */
describe('wall-clock time in the clinic’s zone', () => {
  it('spring (29 March 2026): the skipped hour moves forward by the gap', () => {
    expect(wallClockToIso('2026-03-29T01:30', AMS)).toBe('2026-03-29T00:30:00.000Z'); // CET
    expect(wallClockToIso('2026-03-29T02:30', AMS)).toBe('2026-03-29T01:30:00.000Z'); // does not exist: 03:30 CEST
    expect(wallClockToIso('2026-03-29T03:30', AMS)).toBe('2026-03-29T01:30:00.000Z'); // CEST
    expect(wallClockToIso('2026-03-29T10:30', AMS)).toBe('2026-03-29T08:30:00.000Z');
    expect(isoToWallClock('2026-03-29T00:59:00.000Z', AMS)).toBe('2026-03-29T01:59');
    expect(isoToWallClock('2026-03-29T01:00:00.000Z', AMS)).toBe('2026-03-29T03:00');
  });

  it('autumn (25 October 2026): the hour that comes twice is the first', () => {
    expect(wallClockToIso('2026-10-25T02:30', AMS)).toBe('2026-10-25T00:30:00.000Z'); // CEST, not 01:30Z
    expect(wallClockToIso('2026-10-25T03:30', AMS)).toBe('2026-10-25T02:30:00.000Z'); // CET
    expect(isoToWallClock('2026-10-25T00:30:00.000Z', AMS)).toBe('2026-10-25T02:30');
    expect(isoToWallClock('2026-10-25T01:30:00.000Z', AMS)).toBe('2026-10-25T02:30');
  });

  it('agrees with the agenda’s own functions every quarter hour around both changes', () => {
    for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
        const mm = String(minutes % 60).padStart(2, '0');
        const iso = wallClockToIso(`${day}T${hh}:${mm}`, AMS);
        expect(iso).toBe(zonedInstant(day, minutes, AMS).toISOString());
        const instant = new Date(iso ?? '');
        const wall = isoToWallClock(instant.toISOString(), AMS);
        expect(wall.slice(0, 10)).toBe(localDate(instant, AMS));
        expect(Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16))).toBe(localMinutes(instant, AMS));
      }
    }
  });

  it('refuses what is not a date and a time', () => {
    expect(wallClockToIso('2026-02-30T10:00', AMS)).toBeUndefined();
    expect(wallClockToIso('2026-03-29T24:00', AMS)).toBeUndefined();
    expect(wallClockToIso('2026-03-29 10:00', AMS)).toBeUndefined();
    expect(wallClockToIso('', AMS)).toBeUndefined();
  });
});
