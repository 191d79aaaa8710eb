/**
 * How every document a client, owner or auditor reads writes dates, times and amounts: in the
 * reader's language (Dutch by default), local times in the clinic's time zone, with Node's `Intl`.
 *
 *   const f = documentFormat('nl', 'Europe/Amsterdam');
 *   f.day(new Date('2026-12-14T09:30:00Z'))      // "14 december 2026"
 *   f.dateTime(new Date('2026-12-14T09:30:00Z')) // "14 december 2026 10:30"
 *   f.amount(11050)                              // "€ 110,50"   (en: "€110.50")
 */

export type DocumentLanguage = 'nl' | 'en';

export type DocumentFormat = {
  language: DocumentLanguage;
  timeZone: string;
  /** A calendar day: an instant (in the clinic's zone) or an ISO day (`2026-12-14`, as it is). */
  day(value: Date | string): string;
  /** Day and clock time in the clinic's zone. */
  dateTime(value: Date): string;
  /** Weekday, day and time, for an appointment: "maandag 14 december 2026 om 10:30". */
  appointment(value: Date): string;
  /** Cents as euros. */
  amount(cents: number): string;
};

const LOCALE: Record<DocumentLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };
/** en-GB writes "€110.50"; `en-IE` has the euro as its own currency and the same digits. */
const MONEY_LOCALE: Record<DocumentLanguage, string> = { nl: 'nl-NL', en: 'en-IE' };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Intl writes narrow and no-break spaces; documents and e-mails want plain ones. */
function plain(text: string): string {
  return text.replaceAll(/[\u00a0\u202f]/g, ' ');
}

export function documentFormat(language: DocumentLanguage, timeZone = 'Europe/Amsterdam'): DocumentFormat {
  const locale = LOCALE[language];
  const dayInZone = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const dayAsIs = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', hourCycle: 'h23', timeZone });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone });
  const money = new Intl.NumberFormat(MONEY_LOCALE[language], { style: 'currency', currency: 'EUR' });
  const at = language === 'nl' ? 'om' : 'at';
  const day = (value: Date | string) =>
    plain(
      typeof value === 'string'
        ? ISO_DAY.test(value)
          ? dayAsIs.format(new Date(`${value}T00:00:00Z`))
          : dayInZone.format(new Date(value))
        : dayInZone.format(value),
    );
  return {
    language,
    timeZone,
    day,
    dateTime: (value) => `${day(value)} ${plain(time.format(value))}`,
    appointment: (value) => `${weekday.format(value)} ${day(value)} ${at} ${plain(time.format(value))}`,
    amount: (cents) => plain(money.format(cents / 100)),
  };
}

/** The standard PDF fonts speak WinAnsi: replace the few characters they lack. */
export function winAnsi(text: string): string {
  return plain(text)
    .replaceAll(/[\u2018\u2019]/g, "'")
    .replaceAll(/[\u201c\u201d]/g, '"');
}
