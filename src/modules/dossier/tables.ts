import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';
import { product, treatmentType } from '../catalogue/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A treatment or a consult with its report. Everything said or done is in `report` (sealed with the
 * client's key); only what the agenda, retention and invoices need stays readable.
 */
export const treatment = pgTable(
  'treatment',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => staff.id),
    treatmentTypeId: uuid('treatment_type_id').references(() => treatmentType.id),
    kind: text('kind', { enum: ['treatment', 'consult'] }).notNull(),
    performedAt: at('performed_at').notNull(),
    report: text('report').notNull(),
    /** Contra-indication warnings shown before starting and confirmed by the practitioner (sealed). */
    warningsConfirmed: text('warnings_confirmed'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('treatment_client').on(t.clientId, t.performedAt)],
);

/** Skin analysis: Fitzpatrick type, conditions and findings (sealed), standalone or with a treatment. */
export const skinAnalysis = pgTable(
  'skin_analysis',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    treatmentId: uuid('treatment_id').references(() => treatment.id, { onDelete: 'set null' }),
    analysedBy: uuid('analysed_by')
      .notNull()
      .references(() => staff.id),
    analysedAt: at('analysed_at').notNull(),
    findings: text('findings').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('skin_analysis_client').on(t.clientId, t.analysedAt)],
);

/** Products the client bought for home use (recorded here; the shop will add sales). */
export const homeProduct = pgTable(
  'home_product',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => product.id),
    quantity: integer('quantity').notNull(),
    advice: text('advice'),
    boughtAt: at('bought_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('home_product_client').on(t.clientId, t.boughtAt)],
);

/** An e-mail from the client kept in the dossier (P5.5): sender, subject, text and the .eml, sealed. */
export const dossierEmail = pgTable(
  'dossier_email',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    receivedAt: at('received_at').notNull(),
    content: text('content').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('dossier_email_client').on(t.clientId, t.receivedAt)],
);
