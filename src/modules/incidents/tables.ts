import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The incident register (P10.2, GDPR art. 33): every report of suspected misuse or a breach, with
 * the 72-hour deadline to notify the supervisory authority counted from when the clinic learned of
 * it, the assessment, and whether the authority and the clients were told. Documented even when
 * not notified. What people wrote (the description, the reporter's contact, the assessment) is
 * sealed with a key derived from the master key.
 */
export const incident = pgTable(
  'incident',
  {
    id: uuid('id').primaryKey(),
    /** Short and readable for the reporter and the register: INC-2026-0007 (per year, unique). */
    reference: text('reference').notNull().unique('incident_reference_unique'),
    source: text('source', { enum: ['public_form', 'staff'] }).notNull(),
    reportedAt: at('reported_at').notNull(),
    /** The 72 hours of GDPR art. 33(1), from `reportedAt`. */
    notifyDeadlineAt: at('notify_deadline_at').notNull(),
    /** Sealed: { description, contact }. */
    report: text('report').notNull(),
    reportedBy: uuid('reported_by').references(() => staff.id),
    /** Sealed: the owner's assessment (what happened, which data, how many people, measures). */
    assessment: text('assessment'),
    personalDataBreach: boolean('personal_data_breach'),
    notifyAuthority: boolean('notify_authority'),
    authorityNotifiedAt: at('authority_notified_at'),
    notifyClients: boolean('notify_clients'),
    clientsNotifiedAt: at('clients_notified_at'),
    assessedAt: at('assessed_at'),
    assessedBy: uuid('assessed_by').references(() => staff.id),
    closedAt: at('closed_at'),
  },
  (t) => [index('incident_reported').on(t.reportedAt)],
);
