import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { client, location, staff } from '../../db/schema';
import { appointment } from '../agenda/tables';
import { treatmentType } from '../catalogue/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Locations and bookable resources (migration 0055, decision 0026). The `location` table itself is
 * shared (src/db/schema.ts): opening hours, working hours and appointments point at it.
 */

/** Where each staff member works. A one-location clinic's staff are all linked by a trigger. */
export const staffLocation = pgTable(
  'staff_location',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => location.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.locationId] }),
    index('staff_location_location').on(t.locationId),
  ],
);

/** Which locations offer a treatment type; a type with no row is offered at every location. */
export const treatmentTypeLocation = pgTable(
  'treatment_type_location',
  {
    treatmentTypeId: uuid('treatment_type_id')
      .notNull()
      .references(() => treatmentType.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => location.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.treatmentTypeId, t.locationId] }),
    index('treatment_type_location_location').on(t.locationId),
  ],
);

/**
 * The locations a client is known at (an appointment there, or made by staff who work there).
 * Written only by triggers; reception sees the clients of its own locations (vellum_sees_contact).
 */
export const clientLocation = pgTable(
  'client_location',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => client.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => location.id, { onDelete: 'cascade' }),
    since: at('since').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.locationId] }),
    index('client_location_location').on(t.locationId),
  ],
);

/** A kind of room or device (Behandelkamer, IPL-apparaat). */
export const resourceType = pgTable('resource_type', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  category: text('category', { enum: ['room', 'device'] }).notNull(),
  createdAt: at('created_at').notNull(),
});

/** One unit of a kind at a location (IPL 1, IPL 2, Kamer 3). */
export const resource = pgTable(
  'resource',
  {
    id: uuid('id').primaryKey(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => location.id, { onDelete: 'cascade' }),
    resourceTypeId: uuid('resource_type_id')
      .notNull()
      .references(() => resourceType.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: at('created_at').notNull(),
    archivedAt: at('archived_at'),
  },
  (t) => [index('resource_location_type').on(t.locationId, t.resourceTypeId)],
);

/** What a treatment type needs: one unit of each kind listed. */
export const treatmentTypeResource = pgTable(
  'treatment_type_resource',
  {
    treatmentTypeId: uuid('treatment_type_id')
      .notNull()
      .references(() => treatmentType.id, { onDelete: 'cascade' }),
    resourceTypeId: uuid('resource_type_id')
      .notNull()
      .references(() => resourceType.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.treatmentTypeId, t.resourceTypeId] }),
    index('treatment_type_resource_type').on(t.resourceTypeId),
  ],
);

/**
 * The units a live appointment holds, times copied; an exclusion constraint forbids two overlapping
 * holds of one unit. Written only by the appointment trigger (vellum_assign_resources), which every
 * booking path passes.
 */
export const appointmentResource = pgTable(
  'appointment_resource',
  {
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointment.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resource.id),
    startsAt: at('starts_at').notNull(),
    blockedUntil: at('blocked_until').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.resourceId] }),
    index('appointment_resource_resource').on(t.resourceId, t.startsAt),
  ],
);
