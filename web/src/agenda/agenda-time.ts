import { isoToWallClock, wallClockToIso } from '../shared/zoned-time';

// Calendar dates ("2026-11-30") and wall-clock times in the clinic's zone; the API speaks UTC.

const DAY_MS = 24 * 3600 * 1000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

export function localDateOf(iso: string, timeZone: string): string {
  return isoToWallClock(iso, timeZone).slice(0, 10);
}

/** Minutes since local midnight, e.g. 14:30 → 870. */
export function localMinutesOf(iso: string, timeZone: string): number {
  const clock = isoToWallClock(iso, timeZone).slice(11, 16);
  return toMinutes(clock) ?? 0;
}

export function todayIn(timeZone: string): string {
  return localDateOf(new Date().toISOString(), timeZone);
}

/** The instant of a local date and time ("14:30") in the zone. */
export function instantOf(date: string, time: string, timeZone: string): string | undefined {
  return wallClockToIso(`${date}T${time}`, timeZone);
}

/** "14:30" → 870; undefined when not a time. */
export function toMinutes(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/** 870 → "14:30". */
export function fromMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function datesFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}
