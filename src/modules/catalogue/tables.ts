import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** What the clinic offers: duration, price (cents, VAT included) and VAT rate, who performs it. */
export const treatmentType = pgTable('treatment_type', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  durationMinutes: integer('duration_minutes').notNull(),
  /** Time kept free after the treatment (cleaning, notes) before the next appointment. */
  bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
  priceCents: integer('price_cents').notNull(),
  vatRatePercent: integer('vat_rate_percent').notNull(),
  photosExpected: boolean('photos_expected').notNull().default(false),
  /**
   * A medical act under the WGBO: a dossier with such a treatment is kept 20 years after it instead
   * of the clinic's usual period (the retention job reads this).
   */
  medicalAct: boolean('medical_act').notNull().default(false),
  /** The intake template (by its stable key) this treatment asks for; versions live with intake. */
  intakeTemplateKey: text('intake_template_key'),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull(),
});

export const treatmentTypePractitioner = pgTable(
  'treatment_type_practitioner',
  {
    treatmentTypeId: uuid('treatment_type_id')
      .notNull()
      .references(() => treatmentType.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.treatmentTypeId, t.staffId] })],
);

/** Products used in treatments, sold for home use, or both. Prices in cents, VAT included. */
export const product = pgTable('product', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  brand: text('brand').notNull().default(''),
  usedInTreatments: boolean('used_in_treatments').notNull().default(true),
  soldForHomeUse: boolean('sold_for_home_use').notNull().default(false),
  priceCents: integer('price_cents'),
  vatRatePercent: integer('vat_rate_percent'),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull(),
  /** The webshop's (migration 0041): text for the shop, a hygiene product (sealed), stock. */
  description: text('description').notNull().default(''),
  hygiene: boolean('hygiene').notNull().default(false),
  stockOnHand: integer('stock_on_hand').notNull().default(0),
  lowStockAt: integer('low_stock_at'),
});

/** Devices and the settings they have (e.g. wavelength, fluence, needle depth). */
export const device = pgTable('device', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<string[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull(),
});
