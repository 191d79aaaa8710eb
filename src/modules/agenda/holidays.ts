/**
 * Dutch public holidays (issue 14): closed for online booking and shown as closed in the agenda,
 * unless the owner opens the date. Pure, so it can be tested year by year.
 *
 * Decisions: Goede Vrijdag is not a general day off in the Netherlands (most collective agreements
 * leave it a working day), so it is not closed. Bevrijdingsdag (5 May) is a national day off only
 * in lustrum years (2025, 2030, …), the common rule in collective agreements; other years it is a
 * working day. Koningsdag is 27 April, or 26 April when the 27th is a Sunday.
 */

export type HolidayKey =
  | 'newYear'
  | 'easterSunday'
  | 'easterMonday'
  | 'kingsDay'
  | 'liberationDay'
  | 'ascension'
  | 'whitSunday'
  | 'whitMonday'
  | 'christmas'
  | 'boxingDay';

export type Holiday = { date: string; key: HolidayKey };

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(Date.UTC(year, month - 1, day));
}

/** The closed Dutch public holidays of a year, in date order. */
export function dutchHolidays(year: number): Holiday[] {
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const plus = (days: number) => iso(easter + days * 86_400_000);
  const kingsDay = new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0 ? 26 : 27;
  const list: Holiday[] = [
    { date: `${year}-01-01`, key: 'newYear' },
    { date: plus(0), key: 'easterSunday' },
    { date: plus(1), key: 'easterMonday' },
    { date: `${year}-04-${kingsDay}`, key: 'kingsDay' },
    ...(year % 5 === 0 ? [{ date: `${year}-05-05`, key: 'liberationDay' as const }] : []),
    { date: plus(39), key: 'ascension' },
    { date: plus(49), key: 'whitSunday' },
    { date: plus(50), key: 'whitMonday' },
    { date: `${year}-12-25`, key: 'christmas' },
    { date: `${year}-12-26`, key: 'boxingDay' },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

/** The holidays between two local dates (inclusive). */
export function holidaysBetween(from: string, to: string): Holiday[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const out: Holiday[] = [];
  for (let year = first; year <= last; year++) {
    out.push(...dutchHolidays(year).filter((h) => h.date >= from && h.date <= to));
  }
  return out;
}

export function isHoliday(date: string): boolean {
  return dutchHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
