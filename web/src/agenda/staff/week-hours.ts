import { z } from 'zod';
import { toMinutes } from '../agenda-time';
import type { WeeklyBlock } from '../agenda-types';

// A week of opening or working hours as the hours editor holds it: per day open or not, from and
// until ("00:00" as the end is midnight); and the form field that checks it (decision 0025).

export interface DayHours {
  open: boolean;
  start: string;
  end: string;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Monday to Friday 09:00–17:00: where an editor starts when nothing is set yet. */
export function defaultWeek(): DayHours[] {
  return WEEKDAYS.map((weekday) => ({ open: weekday <= 5, start: '09:00', end: '17:00' }));
}

/** The week as set (one block a day: the earliest start to the latest end); nothing set → the default. */
export function fromBlocks(blocks: WeeklyBlock[] | undefined): DayHours[] {
  if (!blocks || blocks.length === 0) return defaultWeek();
  const time = (minutes: number) =>
    `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return WEEKDAYS.map((weekday) => {
    const day = blocks.filter((b) => b.weekday === weekday);
    if (day.length === 0) return { open: false, start: '09:00', end: '17:00' };
    return {
      open: true,
      start: time(Math.min(...day.map((b) => b.startMinutes))),
      end: time(Math.max(...day.map((b) => b.endMinutes))),
    };
  });
}

/** A day's block in minutes ("00:00" as the end is midnight); undefined when it is not a block. */
function blockOf(day: DayHours): { startMinutes: number; endMinutes: number } | undefined {
  const startMinutes = toMinutes(day.start);
  const endMinutes = day.end === '00:00' ? 24 * 60 : toMinutes(day.end);
  if (startMinutes === undefined || endMinutes === undefined || endMinutes <= startMinutes) return undefined;
  return { startMinutes, endMinutes };
}

/** The week as a form field: each open day must end after it starts (said at its end time). */
export const weekField = z.array(
  z
    .object({ open: z.boolean(), start: z.string(), end: z.string() })
    .refine((day) => !day.open || blockOf(day) !== undefined, {
      path: ['end'],
      message: 'agenda:staff.endAfterStart',
    }),
);

/** The open days as blocks; only days `weekField` accepts. */
export function toBlocks(week: DayHours[]): WeeklyBlock[] {
  return week.flatMap((day, i) => {
    const block = day.open ? blockOf(day) : undefined;
    return block ? [{ weekday: i + 1, ...block }] : [];
  });
}
