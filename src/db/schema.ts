import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
/** A 64-bit transaction id (PostgreSQL 13+), read as text. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * A location (vestiging) of the clinic or chain (migration 0055, decision 0026). Setup makes the
 * first from the clinic's address; opening hours, working hours and appointments belong to one.
 */
export const location = pgTable('location', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  street: text('street'),
  houseNumber: text('house_number'),
  postcode: text('postcode'),
  city: text('city'),
  phone: text('phone'),
  /** A number series of its own for invoices (gapless per series), or null: the clinic's series. */
  invoicePrefix: text('invoice_prefix'),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/**
 * The clinic this installation serves. One row; created by first-run setup. Settings that the
 * privacy statement is rendered from live here or in tables that point at it.
 */
export const clinic = pgTable('clinic', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Europe/Amsterdam'),
  privacyEmail: text('privacy_email'),
  street: text('street'),
  houseNumber: text('house_number'),
  postcode: text('postcode'),
  city: text('city'),
  phone: text('phone'),
  website: text('website'),
  /** What an invoice must show of the clinic (Dutch VAT rules): VAT and Chamber of Commerce numbers, and where to pay. */
  vatNumber: text('vat_number'),
  chamberOfCommerce: text('chamber_of_commerce'),
  iban: text('iban'),
  /** Online booking rules: earliest booking after now, how far ahead, the cancellation window, the grid. */
  bookingLeadMinutes: integer('booking_lead_minutes').notNull().default(120),
  bookingHorizonDays: integer('booking_horizon_days').notNull().default(60),
  cancellationHours: integer('cancellation_hours').notNull().default(24),
  slotStepMinutes: integer('slot_step_minutes').notNull().default(15),
  /**
   * How long a care relationship lasts (decision 0015): an appointment opens the client's dossier to
   * its practitioner from `careDaysBefore` days before it until `careDaysAfter` days after it; a
   * treatment or an intake keeps it open for `followUpDays` days.
   */
  careDaysBefore: integer('care_days_before').notNull().default(7),
  careDaysAfter: integer('care_days_after').notNull().default(14),
  followUpDays: integer('follow_up_days').notNull().default(60),
  createdAt: at('created_at').notNull(),
});

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'practitioner', 'reception'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    /** The TOTP secret, sealed with a key derived from the master key. */
    totpSecret: text('totp_secret'),
    totpConfirmedAt: at('totp_confirmed_at'),
    /** The last TOTP time step accepted, so a code works only once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    disabledAt: at('disabled_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('staff_email_unique').on(sql`lower(${t.email})`)],
);

export const staffRecoveryCode = pgTable(
  'staff_recovery_code',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.codeHash] })],
);

export const staffInvitation = pgTable('staff_invitation', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  role: text('role', { enum: ['practitioner', 'reception'] }).notNull(),
  /** The language of the invitation e-mail (and of a resent one), chosen by the owner. */
  language: text('language', { enum: ['nl', 'en'] })
    .notNull()
    .default('nl'),
  invitedBy: uuid('invited_by')
    .notNull()
    .references(() => staff.id),
  /** Where the new staff member will work; accepting puts them there (migration 0056's trigger). */
  locationIds: uuid('location_ids').array().notNull().default(sql`'{}'`),
  expiresAt: at('expires_at').notNull(),
  acceptedAt: at('accepted_at'),
  createdAt: at('created_at').notNull(),
});

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const staffSession = pgTable(
  'staff_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    /** Null until the second factor was given in this session. */
    secondFactorAt: at('second_factor_at'),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    /**
     * Set while the clinic's tablet is handed to this client to fill in an intake: the session may
     * then only reach that client's intake form, until a staff password ends client mode.
     */
    clientModeClientId: uuid('client_mode_client_id'),
    clientModeFailures: integer('client_mode_failures').notNull().default(0),
  },
  (t) => [index('staff_session_staff').on(t.staffId)],
);

/** Failed sign-ins per account and per (keyed hash of the) IP address, for back-off. */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: at('last_failure_at').notNull(),
  blockedUntil: at('blocked_until'),
});

/** Outgoing e-mail; sent by the mailer after commit, so a rolled-back action sends nothing. */
export const outboxEmail = pgTable('outbox_email', {
  id: uuid('id').primaryKey(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  kind: text('kind').notNull(),
  /** The client an e-mail is to or about, so erasure removes it with the dossier. */
  clientId: uuid('client_id').references(() => client.id, { onDelete: 'cascade' }),
  createdAt: at('created_at').notNull(),
  sentAt: at('sent_at'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  /** When the mailer tries again after a failure (back-off). */
  nextAttemptAt: at('next_attempt_at'),
  /** An iCalendar attachment (invite.ics), for appointment e-mails. */
  calendar: text('calendar'),
  /** One file attached (an order confirmation's invoice PDF): its name, media type and bytes. */
  attachmentName: text('attachment_name'),
  attachmentType: text('attachment_type'),
  attachment: bytea('attachment'),
});

/** The client's identity and contact details: the part reception may see. */
export const client = pgTable(
  'client',
  {
    id: uuid('id').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date'),
    email: text('email'),
    phone: text('phone'),
    street: text('street'),
    houseNumber: text('house_number'),
    postcode: text('postcode'),
    city: text('city'),
    country: text('country').notNull().default('NL'),
    preferredLanguage: text('preferred_language', { enum: ['nl', 'en'] })
      .notNull()
      .default('nl'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('client_last_name').on(sql`lower(${t.lastName})`),
    index('client_email').on(sql`lower(${t.email})`),
  ],
);

/**
 * Why a practitioner may see a client: an appointment, an intake, a treatment, or an assignment by
 * the owner. Modules that create those also record the relationship here.
 */
export const careRelationship = pgTable(
  'care_relationship',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    basis: text('basis', { enum: ['appointment', 'intake', 'treatment', 'assignment'] }).notNull(),
    since: at('since').notNull(),
    /** When it lapses (decision 0015): a treatment's or intake's follow-up; null for an open-ended assignment. */
    validUntil: at('valid_until'),
    createdBy: uuid('created_by').references(() => staff.id),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.clientId, t.basis] }),
    index('care_relationship_client').on(t.clientId),
  ],
);

/**
 * Two records of one person merged into one (audited). The duplicate's row is gone; this keeps
 * which id it had, so its audit entries and disclosures can still be found under the survivor.
 */
export const clientMerge = pgTable(
  'client_merge',
  {
    fromClientId: uuid('from_client_id').primaryKey(),
    intoClientId: uuid('into_client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    mergedAt: at('merged_at').notNull(),
    mergedBy: uuid('merged_by').references(() => staff.id),
  },
  (t) => [index('client_merge_into').on(t.intoClientId)],
);

/** Emergency access: a written reason, time-limited, listed for the owner to review. */
export const breakGlass = pgTable(
  'break_glass',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    openedAt: at('opened_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    reviewedAt: at('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => staff.id),
  },
  (t) => [index('break_glass_staff_client').on(t.staffId, t.clientId)],
);

/**
 * The audit trail (NEN 7513): references only, never content. Append-only for the app role, and
 * hash-chained: `hash` = SHA-256 over this entry's fields and the previous entry's hash.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    /** Null until the sealer chains the entry (decision 0022); then unique, gapless from 1. */
    seq: bigint('seq', { mode: 'number' }),
    at: at('at').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    clientId: uuid('client_id'),
    basis: text('basis'),
    reason: text('reason'),
    outcome: text('outcome', { enum: ['allowed', 'refused', 'failed'] }).notNull(),
    origin: text('origin').notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /** The writing transaction (pg_current_xact_id(), by default): the sealer's horizon test. */
    xid: xid8('xid'),
    writtenAt: at('written_at'),
    /** The stripe counter the entry was numbered on, and its gapless number there. */
    stripe: smallint('stripe'),
    stripeN: bigint('stripe_n', { mode: 'number' }),
    /** The canonical form its hash covers: 1 before the sealer, 2 with stripe and number, 3 with the list of clients shown (audit_event_shown). */
    form: smallint('form').notNull().default(1),
  },
  (t) => [
    uniqueIndex('audit_event_seq').on(t.seq),
    uniqueIndex('audit_event_stripe_n').on(t.stripe, t.stripeN).where(sql`stripe is not null`),
    index('audit_event_pending').on(t.xid).where(sql`seq is null`),
    index('audit_event_client').on(t.clientId, t.at),
    index('audit_event_actor').on(t.actorId, t.at),
    index('audit_event_at').on(t.at),
  ],
);

/**
 * The clients a result-set entry (form 3: a search, a list, an agenda day) names, one row each with
 * the basis the gate decided; keyed by the entry's stripe and number. Its hash covers the list
 * (decision 0027). Append-only; rows only from the transaction that wrote the entry.
 */
export const auditEventShown = pgTable(
  'audit_event_shown',
  {
    stripe: smallint('stripe').notNull(),
    stripeN: bigint('stripe_n', { mode: 'number' }).notNull(),
    clientId: uuid('client_id').notNull(),
    basis: text('basis'),
  },
  (t) => [
    primaryKey({ columns: [t.stripe, t.stripeN, t.clientId] }),
    index('audit_event_shown_client').on(t.clientId, t.stripe, t.stripeN),
  ],
);

/** The sealed chain's head; only the sealer (and the bulk seeder) moves it, under its row lock. */
/** Gapless entry counters; an audited action takes one that no one else holds (decision 0022). */
export const auditStripe = pgTable('audit_stripe', {
  stripe: smallint('stripe').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull(),
});

export const auditHead = pgTable('audit_head', {
  id: boolean('id').primaryKey().default(true),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
