import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { client, location, staff } from '../../db/schema';
import { treatmentType } from '../catalogue/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** The clinic's weekly opening hours, in its own time zone (several blocks a day for a break). */
export const openingHours = pgTable('opening_hours', {
  id: uuid('id').primaryKey(),
  /**
   * The location (migration 0055). Optional on insert: a trigger fills in the only location, or the
   * one the staff member works at, and refuses (not_null_violation on location_id) when it is not clear.
   */
  locationId: uuid('location_id')
    .notNull()
    .default(sql`null`)
    .references(() => location.id),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: smallint('weekday').notNull(),
  startMinutes: integer('start_minutes').notNull(),
  endMinutes: integer('end_minutes').notNull(),
});

/** A practitioner's weekly working hours, in the clinic's time zone. */
export const workingHours = pgTable(
  'working_hours',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    /**
     * The location (migration 0055). Optional on insert: a trigger fills in the only location, or the
     * one the staff member works at, and refuses (not_null_violation on location_id) when it is not clear.
     */
    locationId: uuid('location_id')
      .notNull()
      .default(sql`null`)
      .references(() => location.id),
    weekday: smallint('weekday').notNull(),
    startMinutes: integer('start_minutes').notNull(),
    endMinutes: integer('end_minutes').notNull(),
  },
  (t) => [index('working_hours_staff').on(t.staffId)],
);

/** Holidays, sickness or extra hours of one practitioner, or a closure of the whole clinic (no staff). */
export const scheduleException = pgTable(
  'schedule_exception',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id').references(() => staff.id, { onDelete: 'cascade' }),
    /** One location's closure or a staff member's exception there; null: the whole chain / every location. */
    locationId: uuid('location_id').references(() => location.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['absence', 'extra'] }).notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    note: text('note'),
  },
  (t) => [index('schedule_exception_time').on(t.startsAt)],
);

/**
 * An appointment. `blocked_until` is its end plus the treatment's buffer: the exclusion constraint
 * (migration agenda_rules) forbids two live appointments of one practitioner whose
 * [starts_at, blocked_until) overlap — in the database, whoever books.
 */
export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;

export const appointment = pgTable(
  'appointment',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => staff.id),
    treatmentTypeId: uuid('treatment_type_id')
      .notNull()
      .references(() => treatmentType.id),
    /**
     * The location (migration 0055). Optional on insert: a trigger fills in the only location, or the
     * one the staff member works at, and refuses (not_null_violation on location_id) when it is not clear.
     */
    locationId: uuid('location_id')
      .notNull()
      .default(sql`null`)
      .references(() => location.id),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    blockedUntil: at('blocked_until').notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull(),
    source: text('source', { enum: ['staff', 'online'] }).notNull(),
    createdAt: at('created_at').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    cancelledAt: at('cancelled_at'),
    /** SHA-256 of the token in the confirmation e-mail's cancel link (online bookings). */
    cancelTokenHash: text('cancel_token_hash').unique(),
    /** SHA-256 of the links a move replaced (migration 0054): the old link says the appointment moved. */
    movedLinkHashes: text('moved_link_hashes').array().notNull().default(sql`'{}'`),
    /** When the reminder 24 hours before went into the outbox. */
    remindedAt: at('reminded_at'),
    /**
     * Whether the client is confirmed to be the person in the dossier (decision 0015), and how: booked
     * by staff, a new dossier made by this booking, checked in at the clinic (by someone else, or by
     * the practitioner themselves), or the link sent to the dossier's address. Until then the
     * appointment opens nothing of the dossier to anyone.
     */
    confirmedVia: text('confirmed_via', {
      enum: ['staff_booking', 'new_dossier', 'check_in', 'own_check_in', 'email_link'],
    }),
    confirmedAt: at('confirmed_at'),
    /** What an online booker typed as their name, kept on the appointment, never written into a dossier it was not confirmed for. */
    bookedAs: jsonb('booked_as').$type<{ firstName: string; lastName: string; phone: string }>(),
    /** The consent given with an unconfirmed online booking: entered in the ledger once the person is confirmed. */
    pendingConsent: jsonb('pending_consent').$type<Record<string, unknown>>(),
    /** Overlapped another of the client's appointments when the one-place-at-a-time rule came (migration 0043): left out of it. */
    clientOverlapBeforeRule: boolean('client_overlap_before_rule').notNull().default(false),
  },
  (t) => [
    index('appointment_practitioner_time').on(t.practitionerId, t.startsAt),
    index('appointment_client').on(t.clientId, t.startsAt),
  ],
);

/**
 * A practitioner's private calendar feed: the URL holds a random token (only its hash is kept);
 * revoking deletes the row, and a new one makes a new URL.
 */
export const calendarFeed = pgTable('calendar_feed', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staff.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: at('created_at').notNull(),
});

/**
 * Dutch public holidays are closed (holidays.ts) unless the owner opens the date: the opened dates.
 * Nothing of a client in it (migration 0043).
 */
export const holidayOpening = pgTable('holiday_opening', {
  day: date('day', { mode: 'string' }).primaryKey(),
  openedBy: uuid('opened_by').references(() => staff.id, { onDelete: 'set null' }),
  openedAt: at('opened_at').notNull(),
});
