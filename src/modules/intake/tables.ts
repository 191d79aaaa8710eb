import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';
import { treatmentType } from '../catalogue/tables';
import type { IntakeQuestion, Translated } from './template';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** An intake form the clinic uses, by a stable key that treatment types point at. Clinic-wide. */
export const intakeTemplate = pgTable('intake_template', {
  id: uuid('id').primaryKey(),
  key: text('key').notNull().unique(),
  createdAt: at('created_at').notNull(),
});

/**
 * One published version of a template. Immutable (migration intake_row_security refuses UPDATE): a
 * change is a new version, and a signed intake keeps pointing at the version the client saw.
 */
export const intakeTemplateVersion = pgTable(
  'intake_template_version',
  {
    id: uuid('id').primaryKey(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => intakeTemplate.id),
    version: integer('version').notNull(),
    name: jsonb('name').$type<Translated>().notNull(),
    questions: jsonb('questions').$type<IntakeQuestion[]>().notNull(),
    publishedAt: at('published_at').notNull(),
    publishedBy: uuid('published_by').references(() => staff.id),
  },
  (t) => [uniqueIndex('intake_template_version_number').on(t.templateId, t.version)],
);

/**
 * A client's intake for one treatment type: a draft while a one-time link waits for the client, then
 * signed — and from then on immutable (a trigger refuses UPDATE). A correction is a new row that
 * supersedes the previous one. Answers and signature are sealed with the client's key; the content
 * hash covers them with a secret nonce, so it says nothing about the answers.
 */
export const intake = pgTable(
  'intake',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    treatmentTypeId: uuid('treatment_type_id')
      .notNull()
      .references(() => treatmentType.id),
    templateVersionId: uuid('template_version_id')
      .notNull()
      .references(() => intakeTemplateVersion.id),
    /** The previous signed version this one corrects; one correction per version. */
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => intake.id, {
      onDelete: 'cascade',
    }),
    version: integer('version').notNull().default(1),
    status: text('status', { enum: ['draft', 'signed'] }).notNull(),
    channel: text('channel', { enum: ['clinic', 'link'] }).notNull(),
    language: text('language', { enum: ['nl', 'en'] }).notNull(),
    /** The treatment and price as shown to the client, which signing agrees to. */
    treatmentName: text('treatment_name').notNull(),
    priceCents: integer('price_cents').notNull(),
    /** Sealed: `{ answers, nonce }`. */
    answers: text('answers'),
    /** Sealed: the PNG of the signature, base64. */
    signature: text('signature'),
    signedAt: at('signed_at'),
    contentHash: text('content_hash'),
    /**
     * The client the intake was signed as, when it has since moved to another client record (a merge
     * of duplicates): the content hash covers this id. Null: the current `client_id`.
     */
    signedClientId: uuid('signed_client_id'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('intake_client').on(t.clientId, t.createdAt),
    uniqueIndex('intake_supersedes').on(t.supersedesId),
  ],
);

/** A one-time link by e-mail that lets the client fill and sign one draft intake from home. */
export const intakeLink = pgTable(
  'intake_link',
  {
    id: uuid('id').primaryKey(),
    intakeId: uuid('intake_id')
      .notNull()
      .references(() => intake.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token; the token itself is only in the e-mail. */
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('intake_link_intake').on(t.intakeId)],
);
