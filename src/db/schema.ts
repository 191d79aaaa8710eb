import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The clinic this installation serves. One row; created by first-run setup. Settings that the
 * privacy statement is rendered from live here or in tables that point at it.
 */
export const clinic = pgTable('clinic', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Europe/Amsterdam'),
  privacyEmail: text('privacy_email'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
