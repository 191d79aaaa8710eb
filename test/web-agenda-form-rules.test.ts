import { describe, expect, it } from 'vitest';
import { chosen, clockTime, endAfterStart, localDate } from '../web/src/agenda/agenda-form-fields';
import { toBlocks, weekField } from '../web/src/agenda/staff/week-hours';

// The browser-side rules of the agenda's forms (decision 0025): what they refuse, at which field,
// with the i18n key the input shows.
const issues = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

const day = (open: boolean, start: string, end: string) => ({ open, start, end });
const closed = day(false, '09:00', '17:00');

describe('agenda form rules', () => {
  it('refuses an open day that ends before it starts, at that day’s end time; a closed day is not checked', () => {
    const week = [day(true, '09:00', '17:00'), day(true, '14:00', '10:00'), day(false, '18:00', '08:00')];
    expect(issues(weekField.safeParse(week))).toEqual([['1.end', 'agenda:staff.endAfterStart']]);
    expect(issues(weekField.safeParse([day(true, '09:00', '')]))).toEqual([
      ['0.end', 'agenda:staff.endAfterStart'],
    ]);
  });

  it('takes 00:00 as the end of a day open until midnight, and sends only the open days', () => {
    const week = [day(true, '09:00', '17:30'), closed, day(true, '18:00', '00:00')];
    expect(weekField.safeParse(week).success).toBe(true);
    expect(toBlocks(week)).toEqual([
      { weekday: 1, startMinutes: 540, endMinutes: 1050 },
      { weekday: 3, startMinutes: 1080, endMinutes: 1440 },
    ]);
  });

  it('asks for a date and a time, and says when one is not', () => {
    expect(issues(localDate.safeParse(''))).toEqual([['', 'fieldError.required']]);
    expect(issues(localDate.safeParse('2026-13-45'))).toEqual([['', 'fieldError.date']]);
    expect(localDate.parse('2026-12-07')).toBe('2026-12-07');
    expect(issues(clockTime.safeParse(''))).toEqual([['', 'fieldError.required']]);
    expect(issues(clockTime.safeParse('25:99'))).toEqual([['', 'fieldError.invalid']]);
    expect(clockTime.parse('14:30')).toBe('14:30');
  });

  it('a choice not yet made says what to choose; an end time must follow the start', () => {
    const treatment = chosen('agenda:staff.chooseTreatment');
    expect(issues(treatment.safeParse(null))).toEqual([['', 'agenda:staff.chooseTreatment']]);
    expect(treatment.parse('a-treatment')).toBe('a-treatment');
    expect(endAfterStart.check({ start: '10:00', end: '10:30' })).toBe(true);
    expect(endAfterStart.check({ start: '10:30', end: '10:30' })).toBe(false);
  });
});
