import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet } from '../../shared/api';
import { addDays, mondayOf } from '../agenda-time';
import type { AgendaHours, FreeTime, Holiday, WeeklyBlock } from '../agenda-types';
import { AGENDA_KEY } from './agenda-queries';

/**
 * The desk's free times (GET /api/agenda/free-times): from now on, without the online lead time.
 * Asked per week (Monday to Sunday) around the chosen date, so another day of that week needs no
 * new request; the caller picks the day.
 */
export function useDeskFreeTimes(
  treatmentTypeId: string | undefined,
  practitionerId: string | null,
  date: string,
  locationId: string | null = null,
) {
  // While the date field is being typed in it may hold no date yet: ask nothing then.
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
  const monday = valid ? mondayOf(date) : date;
  const query = new URLSearchParams({
    treatmentTypeId: treatmentTypeId ?? '',
    from: monday,
    to: valid ? addDays(monday, 6) : date,
  });
  if (practitionerId) query.set('practitionerId', practitionerId);
  if (locationId) query.set('locationId', locationId);
  return useQuery({
    queryKey: [...AGENDA_KEY, 'free-times', treatmentTypeId, practitionerId, monday, locationId],
    queryFn: ({ signal }) => apiGet<FreeTime[]>(`/api/agenda/free-times?${query}`, signal),
    enabled: Boolean(treatmentTypeId) && valid,
    retry: false,
  });
}

/** Opening and working hours, so the agenda can shade the rest. */
export function useAgendaHours() {
  return useQuery({
    queryKey: [...AGENDA_KEY, 'hours'],
    queryFn: ({ signal }) => apiGet<AgendaHours>('/api/agenda/hours', signal),
    staleTime: 5 * 60_000,
  });
}

/** Dutch public holidays in a range, and whether the owner opened them. */
export function useHolidays(from: string, to: string) {
  return useQuery({
    queryKey: [...AGENDA_KEY, 'holidays', from, to],
    queryFn: ({ signal }) => apiGet<Holiday[]>(`/api/agenda/holidays?from=${from}&to=${to}`, signal),
  });
}

/** The 409 the server gives when the client already has an appointment then (migration 0043). */
export function isClientBusy(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    /client already has an appointment/.test(error.message)
  );
}

/** The parts of a day outside the given weekly blocks, in local minutes, within [start, end). */
export function outside(blocks: WeeklyBlock[], weekday: number, start: number, end: number) {
  const day = blocks.filter((b) => b.weekday === weekday).sort((a, b) => a.startMinutes - b.startMinutes);
  const gaps: { start: number; end: number }[] = [];
  let cursor = start;
  for (const b of day) {
    if (b.startMinutes > cursor) gaps.push({ start: cursor, end: Math.min(b.startMinutes, end) });
    cursor = Math.max(cursor, b.endMinutes);
  }
  if (cursor < end) gaps.push({ start: cursor, end });
  return gaps.filter((g) => g.end > g.start);
}

/** Where two sets of weekly blocks overlap on one weekday (working hours within opening hours). */
export function within(a: WeeklyBlock[], b: WeeklyBlock[], weekday: number): WeeklyBlock[] {
  const out: WeeklyBlock[] = [];
  for (const x of a.filter((x) => x.weekday === weekday)) {
    for (const y of b.filter((y) => y.weekday === weekday)) {
      const s = Math.max(x.startMinutes, y.startMinutes);
      const e = Math.min(x.endMinutes, y.endMinutes);
      if (e > s) out.push({ weekday, startMinutes: s, endMinutes: e });
    }
  }
  return out;
}
