import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, staff } from '../../db/schema';
import { photoSet } from '../photos/tables';
import { consentRecord } from '../privacy/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const marketingChannels = ['website', 'social_media'] as const;
export type MarketingChannel = (typeof marketingChannels)[number];
/** Why the client agreed to marketing use of the photos. */
export const marketingReasons = ['reduced_price', 'model', 'other'] as const;
export type MarketingReason = (typeof marketingReasons)[number];

/**
 * The terms of a marketing consent for one photo set (P8.3): why the client agreed (a reduced price,
 * being a model) and on which channels. Whether it holds now is the consent ledger's answer
 * (scope marketing_photos, subject = the photo set); this row keeps the terms of the latest grant.
 */
export const marketingTerms = pgTable('marketing_terms', {
  photoSetId: uuid('photo_set_id')
    .primaryKey()
    .references(() => photoSet.id, { onDelete: 'cascade' }),
  clientId: uuid('client_id')
    .notNull()
    .references(() => client.id, { onDelete: 'cascade' }),
  reason: text('reason', { enum: marketingReasons }).notNull(),
  reasonNote: text('reason_note'),
  channels: text('channels').array().$type<MarketingChannel[]>().notNull(),
  consentRecordId: uuid('consent_record_id')
    .notNull()
    .references(() => consentRecord.id),
});

/** Where a marketing photo set was published, so a withdrawal can list what to take down. */
export const marketingPublication = pgTable(
  'marketing_publication',
  {
    id: uuid('id').primaryKey(),
    /** Null once the set is gone (erased): the publication stays listed until it is taken down. */
    photoSetId: uuid('photo_set_id').references(() => photoSet.id, { onDelete: 'set null' }),
    clientId: uuid('client_id').references(() => client.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: marketingChannels }).notNull(),
    /** Where exactly: a page address, an account and post. */
    location: text('location').notNull(),
    publishedAt: at('published_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    takenDownAt: at('taken_down_at'),
  },
  (t) => [index('marketing_publication_set').on(t.photoSetId)],
);
