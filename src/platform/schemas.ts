import { z } from 'zod';

/**
 * Shared schemas for values that arrive from outside. Dates are bounded to years a clinic can mean:
 * PostgreSQL has no year 0000, and a year-9999 instant plus an appointment's length or a time-zone
 * shift leaves the range JavaScript and PostgreSQL agree on — both answered 500 before.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

function yearInRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const outOfRange = `must lie between the years ${FIRST_YEAR} and ${LAST_YEAR}`;

/** A calendar day, `YYYY-MM-DD`: a day that exists (no 2026-02-30), in a sensible year. */
export const isoDay = z.iso.date().refine(yearInRange, { message: outOfRange });

/** An instant in UTC, `YYYY-MM-DDTHH:MM:SS(.sss)Z`, in a sensible year. */
export const isoInstant = z.iso.datetime().refine(yearInRange, { message: outOfRange });

/** True for text shaped like `YYYY-MM-DD` that is not a real day in a sensible year. */
export function isImpossibleDay(text: string): boolean {
  const trimmed = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) && !isoDay.safeParse(trimmed).success;
}

/** The body of a PATCH: any of the fields, but at least one — `{}` changes nothing and is refused. */
export function changesTo<T extends z.ZodObject>(schema: T) {
  return schema.partial().refine((value) => Object.keys(value).length > 0, {
    message: 'names nothing to change',
  });
}

/** The largest value of a PostgreSQL `integer` column: a number beyond it answered 500. */
export const INT4_MAX = 2_147_483_647;
