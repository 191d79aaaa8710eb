import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The client's own data key (AES-256), wrapped by a key derived from the master key. Deleting this
 * row makes every sealed field of the client unreadable, in backups too (P9.4).
 */
export const clientKey = pgTable('client_key', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => client.id, { onDelete: 'cascade' }),
  wrappedKey: text('wrapped_key').notNull(),
  createdAt: at('created_at').notNull(),
});
