import { asc, eq, inArray } from 'drizzle-orm';
import { location, staff } from '../../db/schema';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { installDefaultTemplates } from '../intake/intake-templates.service';
import { intakeTemplate } from '../intake/tables';
import { resourceType, treatmentTypeLocation, treatmentTypeResource } from '../locations/tables';
import { device, product, treatmentType, treatmentTypePractitioner } from './tables';

export type TreatmentTypeInput = {
  name: string;
  description?: string;
  durationMinutes: number;
  priceCents: number;
  vatRatePercent: number;
  photosExpected?: boolean;
  medicalAct?: boolean;
  intakeTemplateKey?: string | null;
  practitionerIds?: string[];
  /** Where it is offered; empty: at every location. */
  locationIds?: string[];
  /** The kinds of room and device it needs (one unit of each). */
  resourceTypeIds?: string[];
  active?: boolean;
};
export type ProductInput = {
  name: string;
  brand?: string;
  usedInTreatments?: boolean;
  soldForHomeUse?: boolean;
  priceCents?: number | null;
  vatRatePercent?: number | null;
  active?: boolean;
};
export type DeviceInput = { name: string; settings?: string[]; active?: boolean };

export type TreatmentTypeRecord = typeof treatmentType.$inferSelect & {
  practitionerIds: string[];
  locationIds: string[];
  resourceTypeIds: string[];
};

/**
 * The clinic's catalogue: treatment types (with who performs them), products and devices. Everyone
 * on the team reads it; only the owner changes it. It holds no client data.
 */
export class Catalogue {
  constructor(private readonly gate: AccessGate) {}

  listTreatmentTypes(actor: Actor, origin: string): Promise<TreatmentTypeRecord[]> {
    return this.gate.act(actor, origin, async (scope) => {
      const types = await scope.tx.select().from(treatmentType).orderBy(asc(treatmentType.name));
      const links = await scope.tx.select().from(treatmentTypePractitioner);
      const places = await scope.tx.select().from(treatmentTypeLocation);
      const needs = await scope.tx.select().from(treatmentTypeResource);
      return types.map((type) => ({
        ...type,
        practitionerIds: links.filter((l) => l.treatmentTypeId === type.id).map((l) => l.staffId),
        locationIds: places.filter((l) => l.treatmentTypeId === type.id).map((l) => l.locationId),
        resourceTypeIds: needs.filter((n) => n.treatmentTypeId === type.id).map((n) => n.resourceTypeId),
      }));
    });
  }

  saveTreatmentType(
    actor: Actor,
    id: string | undefined,
    input: Partial<TreatmentTypeInput>,
    origin: string,
  ) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: id ? 'update' : 'create',
        objectType: 'treatment_type',
        objectId: id,
      });
      const { practitionerIds, locationIds, resourceTypeIds, ...fields } = input;
      const typeId = id ?? newId();
      if (fields.intakeTemplateKey) await assertTemplateExists(scope, fields.intakeTemplateKey);
      if (id) {
        // A change of only the practitioners sets no column: check that the type exists instead.
        const updated =
          Object.keys(fields).length > 0
            ? await scope.tx.update(treatmentType).set(fields).where(eq(treatmentType.id, id)).returning()
            : await scope.tx.select().from(treatmentType).where(eq(treatmentType.id, id));
        if (updated.length === 0) throw new NotFound();
      } else {
        await scope.tx
          .insert(treatmentType)
          .values({ ...(fields as TreatmentTypeInput), id: typeId, createdAt: scope.now });
      }
      if (practitionerIds) await this.linkPractitioners(scope, typeId, practitionerIds);
      if (locationIds) await this.linkLocations(scope, typeId, locationIds);
      if (resourceTypeIds) await this.linkResourceTypes(scope, typeId, resourceTypeIds);
      scope.record({
        action: id ? 'update' : 'create',
        objectType: 'treatment_type',
        objectId: typeId,
        basis: 'role',
      });
      return { id: typeId };
    });
  }

  listProducts(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, (scope) =>
      scope.tx.select().from(product).orderBy(asc(product.name)),
    );
  }

  saveProduct(actor: Actor, id: string | undefined, input: Partial<ProductInput>, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: id ? 'update' : 'create', objectType: 'product', objectId: id });
      const productId = id ?? newId();
      if (id) {
        const updated = await scope.tx.update(product).set(input).where(eq(product.id, id)).returning();
        if (updated.length === 0) throw new NotFound();
      } else {
        await scope.tx
          .insert(product)
          .values({ ...(input as ProductInput), id: productId, createdAt: scope.now });
      }
      scope.record({
        action: id ? 'update' : 'create',
        objectType: 'product',
        objectId: productId,
        basis: 'role',
      });
      return { id: productId };
    });
  }

  listDevices(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, (scope) => scope.tx.select().from(device).orderBy(asc(device.name)));
  }

  saveDevice(actor: Actor, id: string | undefined, input: Partial<DeviceInput>, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: id ? 'update' : 'create', objectType: 'device', objectId: id });
      const deviceId = id ?? newId();
      if (id) {
        const updated = await scope.tx.update(device).set(input).where(eq(device.id, id)).returning();
        if (updated.length === 0) throw new NotFound();
      } else {
        await scope.tx
          .insert(device)
          .values({ ...(input as DeviceInput), id: deviceId, createdAt: scope.now });
      }
      scope.record({
        action: id ? 'update' : 'create',
        objectType: 'device',
        objectId: deviceId,
        basis: 'role',
      });
      return { id: deviceId };
    });
  }

  /** Where the type is offered (none listed: everywhere); each must be a location. */
  private async linkLocations(scope: Scope, typeId: string, locationIds: string[]): Promise<void> {
    const unique = [...new Set(locationIds)];
    const found = unique.length
      ? await scope.tx.select({ id: location.id }).from(location).where(inArray(location.id, unique))
      : [];
    const wrong = unique.filter((id) => !found.some((l) => l.id === id));
    if (wrong.length > 0) {
      throw new Invalid('locationIds names no location', [
        { field: 'locationIds', message: `no location: ${wrong.join(', ')}` },
      ]);
    }
    await scope.tx.delete(treatmentTypeLocation).where(eq(treatmentTypeLocation.treatmentTypeId, typeId));
    if (unique.length > 0) {
      await scope.tx
        .insert(treatmentTypeLocation)
        .values(unique.map((locationId) => ({ treatmentTypeId: typeId, locationId })));
    }
  }

  /**
   * The kinds of room and device the type needs. Appointments already booked keep the units they
   * hold; the new needs count from the next booking or move.
   */
  private async linkResourceTypes(scope: Scope, typeId: string, kindIds: string[]): Promise<void> {
    const unique = [...new Set(kindIds)];
    const found = unique.length
      ? await scope.tx
          .select({ id: resourceType.id })
          .from(resourceType)
          .where(inArray(resourceType.id, unique))
      : [];
    const wrong = unique.filter((id) => !found.some((k) => k.id === id));
    if (wrong.length > 0) {
      throw new Invalid('resourceTypeIds names no kind of room or device', [
        { field: 'resourceTypeIds', message: `no kind of room or device: ${wrong.join(', ')}` },
      ]);
    }
    await scope.tx.delete(treatmentTypeResource).where(eq(treatmentTypeResource.treatmentTypeId, typeId));
    if (unique.length > 0) {
      await scope.tx
        .insert(treatmentTypeResource)
        .values(unique.map((resourceTypeId) => ({ treatmentTypeId: typeId, resourceTypeId })));
    }
  }

  private async linkPractitioners(scope: Scope, typeId: string, staffIds: string[]): Promise<void> {
    const unique = [...new Set(staffIds)];
    const found = unique.length
      ? await scope.tx.select({ id: staff.id, role: staff.role }).from(staff).where(inArray(staff.id, unique))
      : [];
    const wrong = unique.filter((id) => !found.some((s) => s.id === id && s.role !== 'reception'));
    if (wrong.length > 0) {
      throw new Invalid('practitionerIds names someone who is not a practitioner or owner', [
        { field: 'practitionerIds', message: `not a practitioner or owner: ${wrong.join(', ')}` },
      ]);
    }
    await scope.tx
      .delete(treatmentTypePractitioner)
      .where(eq(treatmentTypePractitioner.treatmentTypeId, typeId));
    if (unique.length > 0) {
      await scope.tx
        .insert(treatmentTypePractitioner)
        .values(unique.map((staffId) => ({ treatmentTypeId: typeId, staffId })));
    }
  }
}

/** A treatment type may only name an intake template that exists: its intakes are built from it. */
async function assertTemplateExists(scope: Scope, key: string): Promise<void> {
  // The shipped templates are installed when first read; a new clinic may name one before that.
  await installDefaultTemplates(scope.tx, scope.now);
  const found = await scope.tx
    .select({ key: intakeTemplate.key })
    .from(intakeTemplate)
    .where(eq(intakeTemplate.key, key));
  if (found.length === 0) {
    throw new Invalid('intakeTemplateKey names no intake template', [
      { field: 'intakeTemplateKey', message: 'names no intake template' },
    ]);
  }
}
