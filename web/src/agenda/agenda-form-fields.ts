import { z } from 'zod';
import { REQUIRED } from '../shared/form';
import { toMinutes } from './agenda-time';

// Form fields the agenda's forms share (decision 0025): a date and a clock time as the browser's
// date and time inputs give them.

/** A date from a date input ("2026-12-07"), which must be filled in. */
export const localDate = z
  .string()
  .min(1, REQUIRED)
  .refine(
    (value) => value === '' || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))),
    'fieldError.date',
  );

/** A time from a time input ("14:30"), which must be filled in. */
export const clockTime = z
  .string()
  .min(1, REQUIRED)
  .refine((value) => value === '' || toMinutes(value) !== undefined, 'fieldError.invalid');

/** An end time after the start time, said at the end time. */
export const endAfterStart = {
  check: (values: { start: string; end: string }) =>
    (toMinutes(values.end) ?? 0) > (toMinutes(values.start) ?? 0),
  error: { path: ['end'], message: 'agenda:staff.endAfterStart' },
};

/** A choice (a Select, a radio, a free time) that starts unmade and must be made; `message` says what to choose. */
export const chosen = (message: string) =>
  z
    .string()
    .nullable()
    .transform((value, context) => {
      if (value) return value;
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
