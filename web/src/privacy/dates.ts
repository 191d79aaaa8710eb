import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, useClinicProfile } from '../shared/clinic-query';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Whole days left until an instant (0 on the day itself, negative once it has passed). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return Math.ceil((new Date(iso).getTime() - now.getTime()) / DAY_MS);
}

/** Whole hours left until an instant (negative once it has passed). */
export function hoursUntil(iso: string, now: Date = new Date()): number {
  return Math.floor((new Date(iso).getTime() - now.getTime()) / HOUR_MS);
}

/** A deadline needs attention when it has passed or is at most two days away. */
export function deadlineIsNear(iso: string, now: Date = new Date()): boolean {
  return daysUntil(iso, now) <= 2;
}

/** The day of an instant in the clinic's time zone, e.g. "25 november 2026". */
export function useClinicDay(): (iso: string) => string {
  const { i18n } = useTranslation();
  const timeZone = useClinicProfile().data?.timeZone ?? DEFAULT_TIME_ZONE;
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone,
    dateStyle: 'long',
  });
  return (iso) => format.format(new Date(iso));
}

/** A value for <input type="datetime-local"> (the browser's zone is taken to be the clinic's). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant an <input type="datetime-local"> value stands for, or null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
