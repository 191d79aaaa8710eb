import { describe, expect, it } from 'vitest';
import { dutchHolidays, easterSunday, holidaysBetween, isHoliday } from './holidays';

describe('Dutch public holidays', () => {
  it('computes Easter Sunday (checked against the published dates)', () => {
    expect([2024, 2025, 2026, 2027, 2028, 2029, 2030, 2038].map(easterSunday)).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2028-04-16',
      '2029-04-01',
      '2030-04-21',
      '2038-04-25',
    ]);
  });

  it('lists the closed days of 2026–2030', () => {
    const table = Object.fromEntries(
      [2026, 2027, 2028, 2029, 2030].map((year) => [
        year,
        dutchHolidays(year).map((h) => `${h.date} ${h.key}`),
      ]),
    );
    expect(table).toEqual({
      2026: [
        '2026-01-01 newYear',
        '2026-04-05 easterSunday',
        '2026-04-06 easterMonday',
        '2026-04-27 kingsDay',
        '2026-05-14 ascension',
        '2026-05-24 whitSunday',
        '2026-05-25 whitMonday',
        '2026-12-25 christmas',
        '2026-12-26 boxingDay',
      ],
      2027: [
        '2027-01-01 newYear',
        '2027-03-28 easterSunday',
        '2027-03-29 easterMonday',
        '2027-04-27 kingsDay',
        '2027-05-06 ascension',
        '2027-05-16 whitSunday',
        '2027-05-17 whitMonday',
        '2027-12-25 christmas',
        '2027-12-26 boxingDay',
      ],
      2028: [
        '2028-01-01 newYear',
        '2028-04-16 easterSunday',
        '2028-04-17 easterMonday',
        '2028-04-27 kingsDay',
        '2028-05-25 ascension',
        '2028-06-04 whitSunday',
        '2028-06-05 whitMonday',
        '2028-12-25 christmas',
        '2028-12-26 boxingDay',
      ],
      2029: [
        '2029-01-01 newYear',
        '2029-04-01 easterSunday',
        '2029-04-02 easterMonday',
        '2029-04-27 kingsDay',
        '2029-05-10 ascension',
        '2029-05-20 whitSunday',
        '2029-05-21 whitMonday',
        '2029-12-25 christmas',
        '2029-12-26 boxingDay',
      ],
      2030: [
        '2030-01-01 newYear',
        '2030-04-21 easterSunday',
        '2030-04-22 easterMonday',
        '2030-04-27 kingsDay',
        '2030-05-05 liberationDay',
        '2030-05-30 ascension',
        '2030-06-09 whitSunday',
        '2030-06-10 whitMonday',
        '2030-12-25 christmas',
        '2030-12-26 boxingDay',
      ],
    });
  });

  it('moves Koningsdag to 26 April when the 27th is a Sunday', () => {
    // 27 April 2025 and 2031 are Sundays.
    expect(dutchHolidays(2025).find((h) => h.key === 'kingsDay')?.date).toBe('2025-04-26');
    expect(dutchHolidays(2031).find((h) => h.key === 'kingsDay')?.date).toBe('2031-04-26');
  });

  it('keeps Goede Vrijdag and Bevrijdingsdag outside lustrum years open', () => {
    expect(isHoliday('2026-04-03')).toBe(false); // Goede Vrijdag
    expect(isHoliday('2026-05-05')).toBe(false);
    expect(isHoliday('2025-05-05')).toBe(true);
  });

  it('finds the holidays across a turn of the year', () => {
    expect(holidaysBetween('2026-12-20', '2027-01-03').map((h) => h.date)).toEqual([
      '2026-12-25',
      '2026-12-26',
      '2027-01-01',
    ]);
  });
});
