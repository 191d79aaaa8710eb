import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { isoInstant } from '../../platform/schemas';
import { clientSchema } from '../clients/routes';

const text = (max: number) => z.string().trim().max(max);
const params = z.object({ clientId: z.uuid() });
const created = { 201: z.object({ id: z.uuid() }) };
const warningSchema = z.object({
  questionKey: z.string(),
  effect: z.enum(['rules_out', 'affects']),
  warning: z.object({ nl: z.string(), en: z.string() }),
});

const treatmentInput = z.object({
  // A consult needs nothing but what was done and discussed; a treatment names its type.
  kind: z.enum(['consult', 'treatment']),
  treatmentTypeId: z.uuid().optional(),
  performedAt: isoInstant.optional(),
  done: text(10_000).min(1),
  discussed: text(10_000).optional(),
  products: z
    .array(z.object({ productId: z.uuid(), batch: text(100).optional(), amount: text(50).optional() }))
    .max(50)
    .optional(),
  devices: z
    .array(
      z.object({
        deviceId: z.uuid(),
        settings: z.array(z.object({ name: text(100).min(1), value: text(100) })).max(50),
      }),
    )
    .max(20)
    .optional(),
  confirmedWarnings: z.array(z.string().max(100)).max(100).optional(),
  /** Required when the intake rules the treatment out: why it goes ahead anyway (kept with the report). */
  ruledOutReason: text(2000).optional(),
});

const treatmentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['treatment', 'consult']),
    treatmentTypeId: z.uuid().nullable(),
    treatmentTypeName: z.string().nullable(),
    practitionerId: z.uuid(),
    performedAt: z.iso.datetime(),
    report: z.object({
      done: z.string(),
      discussed: z.string(),
      products: z.array(
        z.object({
          productId: z.uuid(),
          name: z.string(),
          batch: z.string().nullable(),
          amount: z.string().nullable(),
        }),
      ),
      devices: z.array(
        z.object({
          deviceId: z.uuid(),
          name: z.string(),
          settings: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      ),
      ruledOutReason: z.string().nullable(),
    }),
    warningsConfirmed: z.array(warningSchema),
  })
  .meta({ id: 'Treatment' });

const findingsSchema = z.object({
  fitzpatrick: z.number().int().min(1).max(6),
  conditions: z.array(text(100).min(1)).max(50),
  findings: text(10_000),
});

const emailContent = z.object({
  from: z.email().max(254),
  subject: text(500),
  text: text(100_000),
  eml: z.string().max(2_000_000).nullable(),
});

const dossierSchema = z
  .object({
    client: clientSchema,
    treatments: z.array(treatmentSchema),
    analyses: z.array(
      z.object({
        id: z.uuid(),
        treatmentId: z.uuid().nullable(),
        analysedBy: z.uuid(),
        analysedAt: z.iso.datetime(),
        findings: findingsSchema,
      }),
    ),
    homeProducts: z.array(
      z.object({
        id: z.uuid(),
        productId: z.uuid(),
        productName: z.string(),
        quantity: z.number().int(),
        advice: z.string().nullable(),
        boughtAt: z.iso.datetime(),
      }),
    ),
    emails: z.array(z.object({ id: z.uuid(), receivedAt: z.iso.datetime(), content: emailContent })),
  })
  .meta({ id: 'Dossier' });

const iso = (date: Date) => date.toISOString();

/** The medical dossier. Every route names `x-vellum-data: medical` for the authorization matrix. */
export function dossierRoutes({ dossier }: Pick<AppContext, 'dossier'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/clients/:clientId/dossier',
      {
        schema: {
          tags: ['dossier'],
          summary: "The client's medical dossier: treatments, consults, analyses, home products, e-mails",
          params,
          response: { 200: dossierSchema },
          'x-vellum-data': 'medical',
        },
      },
      async (request) => {
        const d = await dossier.open(request.actor, request.params.clientId, request.origin);
        const { createdAt: _c, updatedAt: _u, ...person } = d.client;
        return {
          client: person,
          treatments: d.treatments.map((t) => ({ ...t, performedAt: iso(t.performedAt) })),
          analyses: d.analyses.map((a) => ({ ...a, analysedAt: iso(a.analysedAt) })),
          homeProducts: d.homeProducts.map((h) => ({ ...h, boughtAt: iso(h.boughtAt) })),
          emails: d.emails.map((e) => ({ ...e, receivedAt: iso(e.receivedAt) })),
        };
      },
    );

    app.post(
      '/clients/:clientId/treatments',
      {
        schema: {
          tags: ['dossier'],
          summary: 'Record a treatment or consult with its report (products, batches, device settings)',
          description:
            'A treatment whose type is ruled out or affected by the latest intake answers 409 until every contra-indication is listed in confirmedWarnings; one that is ruled out (an absolute contra-indication) also needs a written ruledOutReason (400 without it).',
          params,
          body: treatmentInput,
          response: created,
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await dossier.recordTreatment(
              request.actor,
              request.params.clientId,
              request.body,
              request.origin,
            ),
          ),
    );

    app.get(
      '/clients/:clientId/treatments/:treatmentId',
      {
        schema: {
          tags: ['dossier'],
          summary: 'One treatment with its report',
          params: params.extend({ treatmentId: z.uuid() }),
          response: { 200: treatmentSchema },
          'x-vellum-data': 'medical',
        },
      },
      async (request) => {
        const t = await dossier.getTreatment(
          request.actor,
          request.params.clientId,
          request.params.treatmentId,
          request.origin,
        );
        return { ...t, performedAt: iso(t.performedAt) };
      },
    );

    app.post(
      '/clients/:clientId/skin-analyses',
      {
        schema: {
          tags: ['dossier'],
          summary: 'Record a skin analysis (Fitzpatrick type, conditions, findings)',
          params,
          body: findingsSchema.extend({
            conditions: findingsSchema.shape.conditions.default([]),
            findings: findingsSchema.shape.findings.default(''),
            treatmentId: z.uuid().optional(),
            analysedAt: isoInstant.optional(),
          }),
          response: created,
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await dossier.recordSkinAnalysis(
              request.actor,
              request.params.clientId,
              request.body,
              request.origin,
            ),
          ),
    );

    app.post(
      '/clients/:clientId/home-products',
      {
        schema: {
          tags: ['dossier'],
          summary: 'Record a product the client bought for home use',
          params,
          body: z.object({
            productId: z.uuid(),
            quantity: z.number().int().min(1).max(100).default(1),
            advice: text(2000).optional(),
            boughtAt: isoInstant.optional(),
          }),
          response: created,
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await dossier.recordHomeProduct(
              request.actor,
              request.params.clientId,
              request.body,
              request.origin,
            ),
          ),
    );

    app.post(
      '/clients/:clientId/emails',
      {
        schema: {
          tags: ['dossier'],
          summary: 'Keep an e-mail from the client in the dossier (pasted, or the .eml as text)',
          params,
          body: emailContent.extend({
            eml: emailContent.shape.eml.default(null),
            receivedAt: isoInstant.optional(),
          }),
          response: created,
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await dossier.recordEmail(request.actor, request.params.clientId, request.body, request.origin),
          ),
    );
  };
}
