import { customType, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The register of processors (P7.1, GDPR art. 28/30): every outside party that processes client
 * data for the clinic (hosting, e-mail, payments), with its agreement. Removing one keeps the row
 * (`removed_at`) so the register shows who processed data when. The privacy statement lists the
 * current ones.
 */
export const processor = pgTable('processor', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  purpose: text('purpose').notNull(),
  dataCategories: text('data_categories').notNull(),
  /** Where the data is processed: a country code, or 'EEA'. */
  location: text('location').notNull(),
  agreementDate: date('agreement_date').notNull(),
  agreementFileName: text('agreement_file_name'),
  agreementDocument: bytea('agreement_document'),
  agreementSha256: text('agreement_sha256'),
  createdAt: at('created_at').notNull(),
  removedAt: at('removed_at'),
});

/**
 * A paper intake form or dossier (P7.2): where it is kept, under an archive code written on the
 * folder, so the physical file can be found by code when it must be destroyed.
 */
export const paperFile = pgTable(
  'paper_file',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    archiveCode: text('archive_code').notNull().unique(),
    kind: text('kind', { enum: ['intake_form', 'dossier', 'other'] }).notNull(),
    location: text('location').notNull(),
    registeredAt: at('registered_at').notNull(),
    registeredBy: uuid('registered_by').references(() => staff.id),
  },
  (t) => [index('paper_file_client').on(t.clientId)],
);

/**
 * A paper file to destroy, created when the digital dossier is destroyed (retention or erasure), on
 * the same date. It names no one: the archive code and the place are enough to find the folder.
 * Staff confirm the destruction; open tasks stay on the owner's list.
 */
export const paperDestruction = pgTable('paper_destruction', {
  id: uuid('id').primaryKey(),
  archiveCode: text('archive_code').notNull(),
  kind: text('kind').notNull(),
  location: text('location').notNull(),
  dueAt: at('due_at').notNull(),
  /** Pseudonymous: the id the client had. */
  clientRef: uuid('client_ref').notNull(),
  confirmedAt: at('confirmed_at'),
  confirmedBy: uuid('confirmed_by').references(() => staff.id),
});
