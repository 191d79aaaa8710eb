import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';
import { type ConsentEvidence, type ConsentTexts, ledgerScopes, type StatementTexts } from './statement';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One published version of the clinic's privacy statement, rendered from its settings, in Dutch and
 * English, with the consent wording per scope. Never changed (migration privacy_rules): a change
 * of settings that changes the text publishes the next version. `hash` is SHA-256 over the
 * canonical JSON of both texts and the consent wording.
 */
export const privacyStatementVersion = pgTable(
  'privacy_statement_version',
  {
    id: uuid('id').primaryKey(),
    version: integer('version').notNull(),
    texts: jsonb('texts').$type<StatementTexts>().notNull(),
    consentTexts: jsonb('consent_texts').$type<ConsentTexts>().notNull(),
    hash: text('hash').notNull(),
    publishedAt: at('published_at').notNull(),
  },
  (t) => [uniqueIndex('privacy_statement_version_number').on(t.version)],
);

/**
 * The consent ledger (P1.1): append-only. A withdrawal is a new record with decision 'withdrawn';
 * the latest record per client, scope and subject is what holds now. `text_hash` is the SHA-256 of
 * the exact consent wording shown, in the language shown, from the statement version referenced.
 */
export const consentRecord = pgTable(
  'consent_record',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    scope: text('scope', { enum: ledgerScopes }).notNull(),
    /** What the consent is about within its scope: a photo set, a named third party; '' for none. */
    subject: text('subject').notNull().default(''),
    decision: text('decision', { enum: ['granted', 'withdrawn'] }).notNull(),
    statementVersionId: uuid('statement_version_id')
      .notNull()
      .references(() => privacyStatementVersion.id),
    language: text('language', { enum: ['nl', 'en'] }).notNull(),
    textHash: text('text_hash').notNull(),
    channel: text('channel', {
      enum: ['intake', 'online_booking', 'webshop_order', 'email', 'contact_form', 'desk', 'privacy_portal'],
    }).notNull(),
    /** References only (an intake id, a recorded e-mail id, a request id): never content. */
    evidence: jsonb('evidence').$type<ConsentEvidence>().notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('consent_record_client').on(t.clientId, t.scope, t.subject, t.recordedAt)],
);

/**
 * A link to the client privacy portal, e-mailed on request: only the SHA-256 of the token is kept.
 * Valid for one hour and for the whole visit (several requests), not longer.
 */
export const portalToken = pgTable(
  'portal_token',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('portal_token_client').on(t.clientId)],
);

export const correctionFieldGroups = ['contact', 'intake', 'treatment_report', 'other'] as const;
export type CorrectionFieldGroup = (typeof correctionFieldGroups)[number];

/**
 * A client's request to correct their data (GDPR art. 16), sent from the privacy portal: what is
 * wrong and what it should be, in the client's words. Due within a month (art. 12(3)); the owner
 * handles it: corrected (with a note of what was changed, for the clinic) or refused (with the
 * reason, which the client is sent). Removed with the dossier.
 */
export const correctionRequest = pgTable(
  'correction_request',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    fieldGroup: text('field_group', { enum: correctionFieldGroups }).notNull(),
    wrong: text('wrong').notNull(),
    shouldBe: text('should_be').notNull(),
    language: text('language', { enum: ['nl', 'en'] }).notNull(),
    receivedAt: at('received_at').notNull(),
    deadlineAt: at('deadline_at').notNull(),
    outcome: text('outcome', { enum: ['corrected', 'refused'] }),
    /** What was changed (corrected) or why not (refused: the client is sent this). */
    note: text('note'),
    handledAt: at('handled_at'),
    handledBy: uuid('handled_by').references(() => staff.id),
  },
  (t) => [
    index('correction_request_client').on(t.clientId),
    index('correction_request_open').on(t.deadlineAt),
    index('correction_request_handled_by').on(t.handledBy),
  ],
);
