import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../../db/schema';
import { privacyStatementVersion } from '../privacy/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A question from the website's contact form (P5.4), stored with the consent given for it: the
 * statement version and the hash of the exact sentence shown, the time and the request. What the
 * person wrote (name, contact details, message) is sealed with a key derived from the master key.
 * Kept for the period in the privacy statement, then destroyed by the retention job.
 */
export const contactRequest = pgTable(
  'contact_request',
  {
    id: uuid('id').primaryKey(),
    receivedAt: at('received_at').notNull(),
    /** Sealed: { name, email, phone, message }. */
    content: text('content').notNull(),
    language: text('language', { enum: ['nl', 'en'] }).notNull(),
    statementVersionId: uuid('statement_version_id')
      .notNull()
      .references(() => privacyStatementVersion.id),
    consentTextHash: text('consent_text_hash').notNull(),
    requestId: text('request_id').notNull(),
    userAgent: text('user_agent'),
    handledAt: at('handled_at'),
    handledBy: uuid('handled_by').references(() => staff.id),
  },
  (t) => [index('contact_request_received').on(t.receivedAt)],
);
