import { localMinutesOf } from '../agenda-time';
import type { AgendaEntry } from '../agenda-types';

/** What of an agenda column decides its open hours: the shaded minutes, and a closed holiday. */
export interface ColumnHours {
  /** Local minutes outside the working (or opening) hours. */
  shade?: { start: number; end: number }[];
  closed?: string;
}

/**
 * The visible hours: at least 08:00–19:00, widened to the open (unshaded) hours of every column —
 * a clinic open until 21:00 sees its evening — and to show every appointment.
 */
export function visibleHours(
  entries: AgendaEntry[],
  timeZone: string,
  columns: ColumnHours[] = [],
): { start: number; end: number } {
  let start = 8 * 60;
  let end = 19 * 60;
  for (const open of columns.flatMap(openMinutes)) {
    start = Math.min(start, Math.floor(open.start / 60) * 60);
    end = Math.max(end, Math.ceil(open.end / 60) * 60);
  }
  for (const entry of entries) {
    const from = localMinutesOf(entry.startsAt, timeZone);
    const until = localMinutesOf(entry.endsAt, timeZone) || 24 * 60;
    start = Math.min(start, Math.floor(from / 60) * 60);
    end = Math.max(end, Math.ceil(until / 60) * 60);
  }
  return { start, end: Math.max(end, start + 60) };
}

/**
 * A column's open minutes: the day less its shade. No shade is "not known yet" (the hours are still
 * loading), not "open all day", and a closed holiday has none.
 */
function openMinutes(column: ColumnHours): { start: number; end: number }[] {
  if (column.closed || !column.shade || column.shade.length === 0) return [];
  const open: { start: number; end: number }[] = [];
  let from = 0;
  for (const shaded of [...column.shade].sort((a, b) => a.start - b.start)) {
    if (shaded.start > from) open.push({ start: from, end: shaded.start });
    from = Math.max(from, shaded.end);
  }
  if (from < 24 * 60) open.push({ start: from, end: 24 * 60 });
  return open;
}
