import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';
import { treatment } from '../dossier/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Before/after photos of one body area, usually around one treatment. The area is sealed. */
export const photoSet = pgTable(
  'photo_set',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    treatmentId: uuid('treatment_id').references(() => treatment.id, { onDelete: 'set null' }),
    bodyArea: text('body_area').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('photo_set_client').on(t.clientId)],
);

/**
 * One photo: re-encoded without metadata, stored encrypted with the client's key as a display size
 * and a thumbnail in the blob store under `<id>.display` and `<id>.thumb`.
 */
export const photo = pgTable(
  'photo',
  {
    id: uuid('id').primaryKey(),
    setId: uuid('set_id')
      .notNull()
      .references(() => photoSet.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    moment: text('moment', { enum: ['before', 'after'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    takenAt: at('taken_at').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => staff.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('photo_set_photos').on(t.setId), index('photo_client').on(t.clientId)],
);
