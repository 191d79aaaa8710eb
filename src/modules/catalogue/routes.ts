import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { changesTo } from '../../platform/schemas';

const vatRate = z.union([z.literal(0), z.literal(9), z.literal(21)]);
const name = z.string().trim().min(1).max(200);

const treatmentTypeInput = z.object({
  name,
  description: z.string().max(2000).optional(),
  durationMinutes: z.number().int().min(5).max(600),
  priceCents: z.number().int().min(0).max(10_000_000),
  vatRatePercent: vatRate,
  photosExpected: z.boolean().optional(),
  medicalAct: z.boolean().optional(),
  intakeTemplateKey: z.string().max(100).nullable().optional(),
  practitionerIds: z.array(z.uuid()).max(100).optional(),
  /** Where it is offered; empty: at every location. */
  locationIds: z.array(z.uuid()).max(100).optional(),
  /** The kinds of room and device it needs (one unit of each). */
  resourceTypeIds: z.array(z.uuid()).max(20).optional(),
  active: z.boolean().optional(),
});
const treatmentTypeSchema = treatmentTypeInput
  .extend({
    id: z.uuid(),
    vatRatePercent: z.number().int(),
    description: z.string(),
    photosExpected: z.boolean(),
    medicalAct: z.boolean(),
    intakeTemplateKey: z.string().nullable(),
    practitionerIds: z.array(z.uuid()),
    locationIds: z.array(z.uuid()),
    resourceTypeIds: z.array(z.uuid()),
    active: z.boolean(),
  })
  .meta({ id: 'TreatmentType' });

const productInput = z.object({
  name,
  brand: z.string().max(200).optional(),
  usedInTreatments: z.boolean().optional(),
  soldForHomeUse: z.boolean().optional(),
  priceCents: z.number().int().min(0).max(10_000_000).nullable().optional(),
  vatRatePercent: vatRate.nullable().optional(),
  active: z.boolean().optional(),
});
const productSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    brand: z.string(),
    usedInTreatments: z.boolean(),
    soldForHomeUse: z.boolean(),
    priceCents: z.number().int().nullable(),
    vatRatePercent: z.number().int().nullable(),
    active: z.boolean(),
    /** The webshop's text and hygiene flag (set through PUT /api/shop/products/:id). */
    description: z.string(),
    hygiene: z.boolean(),
  })
  .meta({ id: 'Product' });

const deviceInput = z.object({
  name,
  settings: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  active: z.boolean().optional(),
});
const deviceSchema = z
  .object({ id: z.uuid(), name: z.string(), settings: z.array(z.string()), active: z.boolean() })
  .meta({ id: 'Device' });

const created = { 201: z.object({ id: z.uuid() }) };
const updated = { 200: z.object({ id: z.uuid() }) };

function strip<T extends { createdAt: Date }>(row: T): Omit<T, 'createdAt'> {
  const { createdAt: _createdAt, ...rest } = row;
  return rest;
}

/** The catalogue: everyone reads it, the owner changes it. */
export function catalogueRoutes({ catalogue }: Pick<AppContext, 'catalogue'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/treatment-types',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Treatment types',
          response: { 200: z.array(treatmentTypeSchema) },
        },
      },
      async (request) => (await catalogue.listTreatmentTypes(request.actor, request.origin)).map(strip),
    );
    app.post(
      '/treatment-types',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Add a treatment type (owner)',
          body: treatmentTypeInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await catalogue.saveTreatmentType(request.actor, undefined, request.body, request.origin)),
    );
    app.patch(
      '/treatment-types/:treatmentTypeId',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Change a treatment type (owner)',
          params: z.object({ treatmentTypeId: z.uuid() }),
          body: changesTo(treatmentTypeInput),
          response: updated,
        },
      },
      async (request) =>
        catalogue.saveTreatmentType(
          request.actor,
          request.params.treatmentTypeId,
          request.body,
          request.origin,
        ),
    );

    app.get(
      '/products',
      { schema: { tags: ['catalogue'], summary: 'Products', response: { 200: z.array(productSchema) } } },
      async (request) => (await catalogue.listProducts(request.actor, request.origin)).map(strip),
    );
    app.post(
      '/products',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Add a product (owner)',
          body: productInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await catalogue.saveProduct(request.actor, undefined, request.body, request.origin)),
    );
    app.patch(
      '/products/:productId',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Change a product (owner)',
          params: z.object({ productId: z.uuid() }),
          body: changesTo(productInput),
          response: updated,
        },
      },
      async (request) =>
        catalogue.saveProduct(request.actor, request.params.productId, request.body, request.origin),
    );

    app.get(
      '/devices',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Devices and their settings',
          response: { 200: z.array(deviceSchema) },
        },
      },
      async (request) => (await catalogue.listDevices(request.actor, request.origin)).map(strip),
    );
    app.post(
      '/devices',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Add a device (owner)',
          body: deviceInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await catalogue.saveDevice(request.actor, undefined, request.body, request.origin)),
    );
    app.patch(
      '/devices/:deviceId',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Change a device (owner)',
          params: z.object({ deviceId: z.uuid() }),
          body: changesTo(deviceInput),
          response: updated,
        },
      },
      async (request) =>
        catalogue.saveDevice(request.actor, request.params.deviceId, request.body, request.origin),
    );
  };
}
