import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A legal hold: the retention job skips this client's dossier while it exists (a claim, an
 * inspection), with the reason on record. Removing the hold returns the dossier to its normal
 * period.
 */
export const retentionHold = pgTable('retention_hold', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => client.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
  placedAt: at('placed_at').notNull(),
  placedBy: uuid('placed_by').references(() => staff.id),
});
