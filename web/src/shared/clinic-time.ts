import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, useClinicProfile } from './clinic-query';

/** Formats instants in the clinic's time zone (summer time included), in the active language. */
export function useClinicTime() {
  const { i18n } = useTranslation();
  const timeZone = useClinicProfile().data?.timeZone ?? DEFAULT_TIME_ZONE;
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL';
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long' });
  return {
    timeZone,
    /** An ISO instant such as 2026-03-29T01:30:00Z. */
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    /** A calendar date such as 1990-05-17 (no time zone shift). */
    date: (isoDate: string) => date.format(new Date(`${isoDate}T00:00:00Z`)),
  };
}
