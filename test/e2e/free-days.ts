import type { Page } from 'playwright-core';

/**
 * The first day with free times after today, on the booking or reschedule page. Today's free times
 * depend on the hour the suite runs (the lead time pushes them towards closing time, where an
 * appointment an hour later no longer fits), so scenarios book from tomorrow on and pass at any hour.
 */
export function firstFreeDayAfterToday(page: Page) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  return page.locator(`[data-testid="free-day"]:not([data-day="${today}"])`).first();
}
