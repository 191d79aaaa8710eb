import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { location } from '../../db/schema';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope, Tx } from '../access/gate';
import { appointmentResource, resource, resourceType } from './tables';

export type ResourceCategory = 'room' | 'device';

/**
 * Rooms and devices (issue 17, decision 0026): the kinds a treatment type may need (Behandelkamer,
 * IPL-apparaat) and the units each location has of them. Every staff member reads them (the agenda
 * shows a resource's day); only the owner changes them. They hold nothing of a client. Which unit an
 * appointment holds is decided by the database (migration 0055's trigger), never here.
 */
export class Resources {
  constructor(private readonly gate: AccessGate) {}

  listTypes(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      requireStaff(scope);
      const rows = await scope.tx.select().from(resourceType).orderBy(asc(resourceType.name));
      return rows.map((r) => ({ id: r.id, name: r.name, category: r.category }));
    });
  }

  saveType(
    actor: Actor,
    id: string | undefined,
    input: { name?: string; category?: ResourceCategory },
    origin: string,
  ) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: id ? 'update' : 'create',
        objectType: 'resource_type',
        objectId: id,
      });
      const typeId = id ?? newId();
      await uniqueName('name', 'another kind has this name', scope, async (tx) => {
        if (id) {
          const updated = await tx
            .update(resourceType)
            .set(input)
            .where(eq(resourceType.id, id))
            .returning({ id: resourceType.id });
          if (updated.length === 0) throw new NotFound();
        } else {
          await tx.insert(resourceType).values({
            id: typeId,
            name: input.name ?? '',
            category: input.category ?? 'room',
            createdAt: scope.now,
          });
        }
      });
      scope.record({
        action: id ? 'update' : 'create',
        objectType: 'resource_type',
        objectId: typeId,
        basis: 'role',
      });
      return { id: typeId };
    });
  }

  list(actor: Actor, locationId: string | undefined, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      requireStaff(scope);
      const rows = await scope.tx
        .select()
        .from(resource)
        .where(locationId ? eq(resource.locationId, locationId) : undefined)
        .orderBy(asc(resource.locationId), asc(resource.name));
      return rows.map((r) => ({
        id: r.id,
        locationId: r.locationId,
        resourceTypeId: r.resourceTypeId,
        name: r.name,
        archived: r.archivedAt !== null,
      }));
    });
  }

  create(actor: Actor, input: { locationId: string; resourceTypeId: string; name: string }, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: 'resource' });
      const [place] = await scope.tx
        .select({ id: location.id, archivedAt: location.archivedAt })
        .from(location)
        .where(eq(location.id, input.locationId));
      if (!place || place.archivedAt) {
        throw new Invalid('locationId is not a live location', [
          { field: 'locationId', message: 'is not a live location' },
        ]);
      }
      const [kind] = await scope.tx
        .select({ id: resourceType.id })
        .from(resourceType)
        .where(eq(resourceType.id, input.resourceTypeId));
      if (!kind) {
        throw new Invalid('resourceTypeId names no kind of room or device', [
          { field: 'resourceTypeId', message: 'names no kind of room or device' },
        ]);
      }
      const id = newId();
      await uniqueName('name', 'this location already has a unit with this name', scope, (tx) =>
        tx.insert(resource).values({ id, ...input, createdAt: scope.now }),
      );
      scope.record({ action: 'create', objectType: 'resource', objectId: id, basis: 'role' });
      return { id };
    });
  }

  /**
   * Renames a unit, or archives it (it takes no new appointments; those it holds keep it) or
   * brings it back.
   */
  update(actor: Actor, id: string, input: { name?: string; archived?: boolean }, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'resource', objectId: id });
      const [row] = await scope.tx.select().from(resource).where(eq(resource.id, id));
      if (!row) throw new NotFound();
      const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.archived !== undefined
          ? { archivedAt: input.archived ? (row.archivedAt ?? scope.now) : null }
          : {}),
      };
      await uniqueName('name', 'this location already has a unit with this name', scope, (tx) =>
        tx.update(resource).set(changes).where(eq(resource.id, id)),
      );
      scope.record({ action: 'update', objectType: 'resource', objectId: id, basis: 'role' });
      return { id };
    });
  }

  /**
   * A unit's holds between two instants (a resource's day in the agenda): the appointment ids and
   * times only. Who the appointment is for the agenda shows as the viewer may see it.
   */
  holds(actor: Actor, id: string, from: Date, to: Date, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      requireStaff(scope);
      const [row] = await scope.tx.select({ id: resource.id }).from(resource).where(eq(resource.id, id));
      if (!row) throw new NotFound();
      const rows = await scope.tx
        .select()
        .from(appointmentResource)
        .where(
          and(
            eq(appointmentResource.resourceId, id),
            lt(appointmentResource.startsAt, to),
            gt(appointmentResource.blockedUntil, from),
          ),
        )
        .orderBy(asc(appointmentResource.startsAt));
      return rows.map((r) => ({
        appointmentId: r.appointmentId,
        startsAt: r.startsAt,
        blockedUntil: r.blockedUntil,
      }));
    });
  }
}

function requireStaff(scope: Scope): void {
  scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'resource' });
}

/** A second kind or unit with one name (case-insensitive): 400 naming the field, nothing written. */
async function uniqueName(
  field: string,
  message: string,
  scope: Scope,
  write: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  try {
    // A savepoint: the transaction goes on (and audits) after the refusal.
    await scope.tx.transaction(async (savepoint) => {
      await write(savepoint as unknown as Tx);
    });
  } catch (error) {
    for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code === '23505') throw new Invalid(`${field} ${message}`, [{ field, message }]);
    }
    throw error;
  }
}
