import type { sql } from 'drizzle-orm';
import { clinic } from '../../db/schema';
import type { Scope } from '../access/gate';
import { localDate, zonedInstant } from '../agenda/clinic-time';

export type Rows<T> = { rows: T[] };

/** Runs a SQL query in the action's transaction and returns its rows (PGlite and node-postgres alike). */
export async function rowsOf<T>(scope: Scope, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await scope.tx.execute(query)) as unknown as Rows<T>).rows;
}

/** The clinic's time zone (Europe/Amsterdam until set up otherwise). */
export async function clinicTimeZone(scope: Scope): Promise<string> {
  const [row] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
  return row?.timeZone ?? 'Europe/Amsterdam';
}

/** Today in the clinic, as the instants it starts and ends. */
export function clinicDay(now: Date, timeZone: string): { date: string; from: Date; to: Date } {
  const date = localDate(now, timeZone);
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return {
    date,
    from: zonedInstant(date, 0, timeZone),
    to: zonedInstant(next.toISOString().slice(0, 10), 0, timeZone),
  };
}
