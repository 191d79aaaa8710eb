import { useZonedFormat } from '../agenda/zoned-format';

/** Dates as the clinic's clock shows them; a bare calendar date ("2026-12-21") as a long date. */
export function useShopDates() {
  const format = useZonedFormat();
  return {
    moment: (iso: string) => format.dateTime(iso),
    day: (value: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(value) ? format.longDate(value) : format.dateTime(value),
  };
}

/** True while a deadline (a date: through the end of that day; or a moment) has not passed. */
export function beforeDeadline(deadline: string | null, now = new Date()): boolean {
  if (!deadline) return false;
  const end = /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? new Date(`${deadline}T23:59:59Z`) : new Date(deadline);
  return end.getTime() >= now.getTime();
}
