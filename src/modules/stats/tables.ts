import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Anonymous website statistics (P6.1, P6.2): counts per day only. No row holds an address, a
 * cookie, a user agent or any identifier; the visitor hash that tells one visit from another lives
 * in memory for one day (see VisitCounter) and is never written.
 */
export const statsPageViews = pgTable(
  'stats_page_views',
  {
    day: date('day').notNull(),
    path: text('path').notNull(),
    views: integer('views').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.path] })],
);

export const statsVisits = pgTable(
  'stats_visits',
  {
    day: date('day').notNull(),
    browser: text('browser').notNull(),
    os: text('os').notNull(),
    visits: integer('visits').notNull(),
    /** Sum of visit lengths in seconds (first to last page of a visit), for the average. */
    seconds: integer('seconds').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.browser, t.os] })],
);
