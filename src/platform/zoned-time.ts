/**
 * Wall-clock time in the clinic's time zone ↔ instants, with the IANA rules of the platform's Intl
 * (Node's, or the browser's), so summer and winter time are right without a date library. A local
 * time that does not exist (the hour skipped in spring) moves forward by the gap; one that exists
 * twice (autumn) is the first. One implementation for the server and the web app (which imports this
 * file): it must stay free of Node APIs.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock parts of an instant in a zone. */
export function localParts(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in milliseconds (Amsterdam: +1 h or +2 h). Changes of
 * time fall on whole quarter hours of UTC in every zone, so the answer is kept per quarter hour:
 * asking Intl is what makes free times slow.
 */
export function offsetAt(instant: Date, timeZone: string): number {
  const bucket = Math.floor(instant.getTime() / QUARTER_HOUR);
  const key = `${timeZone}|${bucket}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = new Date(bucket * QUARTER_HOUR);
  const p = localParts(start, timeZone);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start.getTime();
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant of a wall-clock time ('2026-03-29', 9 * 60 minutes) in the zone. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  // The offsets a day before and a day after: around a change of time they differ.
  const before = wall - offsetAt(new Date(wall - 86_400_000), timeZone);
  const after = wall - offsetAt(new Date(wall + 86_400_000), timeZone);
  const shows = (instant: number) => instant + offsetAt(new Date(instant), timeZone) === wall;
  const real = [before, after].filter(shows);
  // Twice (autumn): the first. Never (the spring gap): shifted forward by the gap.
  return new Date(real.length > 0 ? Math.min(...real) : before);
}

/** The local date ('YYYY-MM-DD') of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + offsetAt(instant, timeZone)).toISOString().slice(0, 10);
}

/** Minutes since local midnight of an instant in the zone. */
export function localMinutes(instant: Date, timeZone: string): number {
  const local = new Date(instant.getTime() + offsetAt(instant, timeZone));
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The local dates from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  for (let t = Date.UTC(y, m - 1, d); ; t += 24 * 3600 * 1000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (date > to) break;
    out.push(date);
  }
  return out;
}

/** "2026-03-29T10:30" in the zone → an ISO instant; undefined when the value is not a date and time. */
export function wallClockToIso(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, date = '', hours, minutes] = match;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.toISOString().slice(0, 10) !== date || Number(hours) > 23 || Number(minutes) > 59) return undefined;
  return zonedInstant(date, Number(hours) * 60 + Number(minutes), timeZone).toISOString();
}

/** An instant → "2026-03-29T10:30" in the zone (for a datetime-local input). */
export function isoToWallClock(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  return new Date(instant.getTime() + offsetAt(instant, timeZone)).toISOString().slice(0, 16);
}
