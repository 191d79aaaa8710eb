import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A disclosure to a third party (P8.2): only on the client's written request, kept with it — a
 * scanned letter (sealed with the client's key) or a request signed in the privacy portal. The
 * package (PDF plus the chosen photos) is made when staff send it, and every making is logged.
 */
export const disclosure = pgTable(
  'disclosure',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    purpose: text('purpose').notNull(),
    includesDossier: boolean('includes_dossier').notNull(),
    photoSetIds: uuid('photo_set_ids').array().notNull(),
    requestKind: text('request_kind', { enum: ['scan', 'portal'] }).notNull(),
    /** Sealed with the client's key: the scanned request, base64, with its file name. */
    requestDocument: text('request_document'),
    requestedAt: at('requested_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    disclosedAt: at('disclosed_at'),
    disclosedBy: uuid('disclosed_by').references(() => staff.id),
  },
  (t) => [index('disclosure_client').on(t.clientId)],
);
