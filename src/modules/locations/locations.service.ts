import { and, asc, eq, gte, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { location, staff } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { appointment, workingHours } from '../agenda/tables';
import { staffLocation } from './tables';

export type LocationInput = {
  name: string;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  phone?: string | null;
  invoicePrefix?: string | null;
  position?: number;
};

export type LocationRecord = Omit<typeof location.$inferSelect, 'createdAt'>;

const OBJECT = 'location';

/**
 * The clinic's locations (vestigingen, issue 17, decision 0026): every staff member reads them, the
 * owner adds, changes and archives them, and says who works where. A location is archived, never
 * deleted: its appointments, invoices and hours keep pointing at it.
 */
export class Locations {
  constructor(private readonly gate: AccessGate) {}

  /** The locations, live first by position and name; archived ones only when asked (owner's settings). */
  list(actor: Actor, origin: string, options: { archived?: boolean } = {}): Promise<LocationRecord[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: OBJECT });
      const rows = await scope.tx
        .select()
        .from(location)
        .where(options.archived ? undefined : isNull(location.archivedAt))
        .orderBy(sql`${location.archivedAt} IS NOT NULL`, asc(location.position), asc(location.name));
      return rows.map(({ createdAt: _createdAt, ...row }) => row);
    });
  }

  create(actor: Actor, input: LocationInput, origin: string): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: OBJECT });
      const id = newId();
      const fields = cleaned(input);
      await assertUnique(scope, id, fields);
      await scope.tx
        .insert(location)
        .values({ ...fields, name: input.name.trim(), id, createdAt: scope.now });
      scope.record({ action: 'create', objectType: OBJECT, objectId: id, basis: 'role' });
      return { id };
    });
  }

  update(actor: Actor, id: string, input: Partial<LocationInput>, origin: string): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: OBJECT, objectId: id });
      const fields = cleaned(input);
      await assertUnique(scope, id, fields);
      const updated = await scope.tx
        .update(location)
        .set(fields)
        .where(eq(location.id, id))
        .returning({ id: location.id });
      if (updated.length === 0) throw new NotFound();
      scope.record({ action: 'update', objectType: OBJECT, objectId: id, basis: 'role' });
      return { id };
    });
  }

  /**
   * Archives a location: it leaves the booking page, the pickers and the free times. Refused (409)
   * for the last live location, and for one with appointments still to come (move or cancel them first).
   */
  archive(actor: Actor, id: string, origin: string): Promise<void> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'delete', objectType: OBJECT, objectId: id });
      // Locks the live locations, so that two archivings at once cannot leave none.
      const live = await scope.tx
        .select({ id: location.id })
        .from(location)
        .where(isNull(location.archivedAt))
        .orderBy(asc(location.id))
        .for('update');
      const [found] = await scope.tx
        .select({ id: location.id, archivedAt: location.archivedAt })
        .from(location)
        .where(eq(location.id, id));
      if (!found) throw new NotFound();
      if (found.archivedAt) return;
      if (live.length <= 1) {
        throw new Conflict('this is the last live location; a clinic needs at least one', {
          reason: 'last_location',
        });
      }
      const [coming] = await scope.tx
        .select({ count: sql<number>`count(*)::int` })
        .from(appointment)
        .where(
          and(
            eq(appointment.locationId, id),
            inArray(appointment.status, ['booked', 'checked_in']),
            gte(appointment.blockedUntil, scope.now),
          ),
        );
      if ((coming?.count ?? 0) > 0) {
        throw new Conflict(
          `this location has ${coming?.count} appointment(s) still to come; move or cancel them first`,
          { reason: 'future_appointments', appointments: coming?.count },
        );
      }
      await scope.tx.update(location).set({ archivedAt: scope.now }).where(eq(location.id, id));
      scope.record({ action: 'delete', objectType: OBJECT, objectId: id, basis: 'role', reason: 'archived' });
    });
  }

  /** Where a staff member works (owner). */
  staffLocations(actor: Actor, staffId: string, origin: string): Promise<{ locationIds: string[] }> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'staff_location', objectId: staffId });
      await assertStaff(scope, staffId);
      const rows = await scope.tx
        .select({ locationId: staffLocation.locationId })
        .from(staffLocation)
        .where(eq(staffLocation.staffId, staffId));
      return { locationIds: rows.map((r) => r.locationId).sort() };
    });
  }

  /**
   * Sets where a staff member works (owner): at least one live location. Their working hours at a
   * location they no longer work at go with it.
   */
  setStaffLocations(actor: Actor, staffId: string, locationIds: string[], origin: string): Promise<void> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'staff_location', objectId: staffId });
      await assertStaff(scope, staffId);
      const wanted = await assertLiveLocations(scope, locationIds, 'locationIds');
      if (wanted.length === 0) {
        throw new Invalid('locationIds must name at least one location', [
          { field: 'locationIds', message: 'must name at least one location' },
        ]);
      }
      await setWorkplaces(scope, staffId, wanted);
      scope.record({ action: 'update', objectType: 'staff_location', objectId: staffId, basis: 'role' });
    });
  }
}

/**
 * Puts a staff member at exactly these locations (already checked), inside another action too (an
 * accepted invitation). Working hours at a location left behind are removed with it.
 */
export async function setWorkplaces(scope: Scope, staffId: string, locationIds: string[]): Promise<void> {
  await scope.tx
    .delete(staffLocation)
    .where(and(eq(staffLocation.staffId, staffId), notInArray(staffLocation.locationId, locationIds)));
  await scope.tx
    .delete(workingHours)
    .where(and(eq(workingHours.staffId, staffId), notInArray(workingHours.locationId, locationIds)));
  await scope.tx
    .insert(staffLocation)
    .values(locationIds.map((locationId) => ({ staffId, locationId })))
    .onConflictDoNothing();
}

/** How many locations are live (not archived): more than one makes a chain. */
export async function liveLocationCount(scope: Scope): Promise<number> {
  const [row] = await scope.tx
    .select({ count: sql<number>`count(*)::int` })
    .from(location)
    .where(isNull(location.archivedAt));
  return row?.count ?? 0;
}

/** The distinct ids given, each a live location; else a 400 naming `field`. */
export async function assertLiveLocations(scope: Scope, ids: string[], field: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await scope.tx
    .select({ id: location.id })
    .from(location)
    .where(and(inArray(location.id, unique), isNull(location.archivedAt)));
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) {
    throw new Invalid(`${field} names no live location: ${missing.join(', ')}`, [
      { field, message: 'names no live location' },
    ]);
  }
  return unique;
}

async function assertStaff(scope: Scope, staffId: string): Promise<void> {
  const [member] = await scope.tx.select({ id: staff.id }).from(staff).where(eq(staff.id, staffId));
  if (!member) throw new NotFound();
}

/** Trims the texts; an empty text clears the field. */
function cleaned(input: Partial<LocationInput>): Partial<LocationInput> {
  const out: Partial<LocationInput> = {};
  for (const [key, value] of Object.entries(input) as [keyof LocationInput, unknown][]) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      (out as Record<string, unknown>)[key] = key === 'name' ? trimmed : trimmed || null;
    } else {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** Two locations may not share a name or an invoice prefix: 400 naming the field. */
async function assertUnique(scope: Scope, id: string, fields: Partial<LocationInput>): Promise<void> {
  if (fields.name) {
    const [clash] = await scope.tx
      .select({ id: location.id })
      .from(location)
      .where(and(sql`lower(${location.name}) = lower(${fields.name})`, ne(location.id, id)));
    if (clash) {
      throw new Invalid('name is already used by another location', [
        { field: 'name', message: 'is already used by another location' },
      ]);
    }
  }
  if (fields.invoicePrefix) {
    const [clash] = await scope.tx
      .select({ id: location.id })
      .from(location)
      .where(and(eq(location.invoicePrefix, fields.invoicePrefix), ne(location.id, id)));
    if (clash) {
      throw new Invalid('invoicePrefix is already used by another location', [
        { field: 'invoicePrefix', message: 'is already used by another location' },
      ]);
    }
  }
}
