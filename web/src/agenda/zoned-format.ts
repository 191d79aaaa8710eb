import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, useClinicProfile } from '../shared/clinic-query';

/** Dates and times in the clinic's zone and the active language. */
export function useZonedFormat() {
  const { i18n } = useTranslation();
  const timeZone = useClinicProfile().data?.timeZone ?? DEFAULT_TIME_ZONE;
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL';
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const full = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' });
  const short = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  // Calendar dates carry no zone: format them as UTC midnight.
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' });
  const weekdayLong = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' });
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const longDate = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const atUtc = (date: string) => new Date(`${date}T00:00:00Z`);
  return {
    timeZone,
    /** "14:30" */
    time: (iso: string) => time.format(new Date(iso)),
    /** "maandag 30 november 2026 om 14:30" */
    dateTime: (iso: string) => full.format(new Date(iso)),
    /** "do 26 nov 08:30" */
    shortDateTime: (iso: string) => short.format(new Date(iso)),
    /** "ma" */
    weekday: (date: string) => weekday.format(atUtc(date)),
    /** "maandag" */
    weekdayLong: (date: string) => weekdayLong.format(atUtc(date)),
    /** "30 nov" */
    dayMonth: (date: string) => dayMonth.format(atUtc(date)),
    /** "maandag 30 november" */
    longDate: (date: string) => longDate.format(atUtc(date)),
  };
}
