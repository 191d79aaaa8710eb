import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { INT4_MAX } from '../../platform/schemas';
import type { IntakeDetail, IntakeSummary, OpenWarning } from './intake.service';
import type { TemplateVersion } from './intake-templates.service';
import {
  answersInput,
  contraIndicationSchema,
  intakeConsentSchema,
  intakeDetailSchema,
  intakeSummarySchema,
  languageSchema,
  linkedFormSchema,
  signInput,
  templateDraftSchema,
  templateVersionSchema,
} from './schema';

const clientParams = z.object({ clientId: z.uuid() });
const intakeParams = z.object({ clientId: z.uuid(), intakeId: z.uuid() });
/** What the templates service accepts as a key; anything else is refused here, naming the field. */
const templateKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be lower-case letters, digits and _ (2 to 64)');

/** Intake templates (owner), filling in and signing, the one-time link, and reading intakes. */
export function intakeRoutes(context: Pick<AppContext, 'intake'>): FastifyPluginAsyncZod {
  const { templates: intakeTemplates, forms: intakes, links: intakeLinks } = context.intake;
  return async (app) => {
    app.get(
      '/intake-templates',
      {
        schema: {
          tags: ['intake'],
          summary: 'Intake templates with their latest version (owner); installs the shipped ones',
          response: {
            200: z.array(
              z.object({
                key: z.string(),
                name: z.object({ nl: z.string(), en: z.string() }),
                latestVersion: z.number().int(),
                publishedAt: z.iso.datetime(),
                linkedTreatmentTypeIds: z.array(z.uuid()),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await intakeTemplates.list(request.actor, request.origin)).map((t) => ({
          ...t,
          publishedAt: t.publishedAt.toISOString(),
        })),
    );

    app.post(
      '/intake-templates',
      {
        schema: {
          tags: ['intake'],
          summary: 'Create an intake template and publish its version 1 (owner)',
          body: templateDraftSchema.extend({ key: templateKey }),
          response: { 201: templateVersionSchema },
        },
      },
      async (request, reply) => {
        const created = await intakeTemplates.create(request.actor, request.body, request.origin);
        return reply.code(201).send(presentVersion(created));
      },
    );

    app.get(
      '/intake-templates/:key/versions/:version',
      {
        schema: {
          tags: ['intake'],
          summary: 'One version of an intake template, or `latest` (owner)',
          params: z.object({ key: templateKey, version: z.string().max(64) }),
          response: { 200: templateVersionSchema },
        },
      },
      async (request) => {
        const { key, version } = request.params;
        const number = version === 'latest' ? 'latest' : /^\d{1,6}$/.test(version) ? Number(version) : -1;
        return presentVersion(await intakeTemplates.getVersion(request.actor, key, number, request.origin));
      },
    );

    app.post(
      '/intake-templates/:key/versions',
      {
        schema: {
          tags: ['intake'],
          summary: 'Publish a new version of an intake template (owner); earlier versions stay as they are',
          params: z.object({ key: templateKey }),
          body: templateDraftSchema,
          response: { 201: templateVersionSchema },
        },
      },
      async (request, reply) => {
        const published = await intakeTemplates.publish(
          request.actor,
          request.params.key,
          request.body,
          request.origin,
        );
        return reply.code(201).send(presentVersion(published));
      },
    );

    app.get(
      '/intake-forms/:treatmentTypeId',
      {
        config: { clientMode: true },
        schema: {
          tags: ['intake'],
          summary:
            'The current intake form of a treatment type, with its name and price (owner, practitioner)',
          params: z.object({ treatmentTypeId: z.uuid() }),
          response: {
            200: z.object({
              treatmentTypeId: z.uuid(),
              treatmentName: z.string(),
              priceCents: z.number().int(),
              template: templateVersionSchema,
              consent: intakeConsentSchema,
            }),
          },
        },
      },
      async (request) => {
        const form = await intakes.formFor(request.actor, request.params.treatmentTypeId, request.origin);
        return {
          treatmentTypeId: form.treatmentType.id,
          treatmentName: form.treatmentType.name,
          priceCents: form.treatmentType.priceCents,
          template: presentVersion(form.version),
          consent: form.consent,
        };
      },
    );

    app.get(
      '/clients/:clientId/intakes',
      {
        schema: {
          tags: ['intake'],
          summary: "A client's intakes, newest first, with their status and version chain",
          params: clientParams,
          response: { 200: z.array(intakeSummarySchema) },
          'x-vellum-data': 'medical',
        },
      },
      async (request) =>
        (await intakes.list(request.actor, request.params.clientId, request.origin)).map(presentSummary),
    );

    app.post(
      '/clients/:clientId/intakes',
      {
        config: { clientMode: true },
        schema: {
          tags: ['intake'],
          summary: 'Record an intake filled in and signed at the clinic; with supersedesId, a correction',
          description:
            'The signature is a PNG data URL (signature_pad), at most 200 kB. Signing records agreement ' +
            'to the treatment and its price as shown; the signed intake is immutable.',
          params: clientParams,
          body: signInput,
          response: {
            201: z.object({
              id: z.uuid(),
              version: z.number().int(),
              contentHash: z.string(),
              signedAt: z.iso.datetime(),
            }),
          },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const signed = await intakes.sign(
          request.actor,
          request.params.clientId,
          request.body,
          request.origin,
        );
        return reply.code(201).send({ ...signed, signedAt: signed.signedAt.toISOString() });
      },
    );

    app.get(
      '/clients/:clientId/intakes/:intakeId',
      {
        schema: {
          tags: ['intake'],
          summary: 'One intake with its questions, answers, signature and the contra-indications it marks',
          params: intakeParams,
          response: { 200: intakeDetailSchema },
          'x-vellum-data': 'medical',
        },
      },
      async (request) =>
        presentDetail(
          await intakes.get(request.actor, request.params.clientId, request.params.intakeId, request.origin),
        ),
    );

    app.get(
      '/clients/:clientId/intakes/:intakeId/pdf',
      {
        schema: {
          tags: ['intake'],
          summary: 'The signed intake as a PDF (logged as printed)',
          params: intakeParams,
          querystring: z.object({ lang: languageSchema.optional() }),
          produces: ['application/pdf'],
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const pdf = await intakes.pdf(
          request.actor,
          request.params.clientId,
          request.params.intakeId,
          request.query.lang,
          request.origin,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="intake-${request.params.intakeId}.pdf"`)
          .send(pdf);
      },
    );

    app.post(
      '/clients/:clientId/intake-links',
      {
        schema: {
          tags: ['intake'],
          summary: 'E-mail the client a one-time link to fill in and sign the intake at home (14 days)',
          params: clientParams,
          body: z.object({ treatmentTypeId: z.uuid(), language: languageSchema.optional() }),
          response: {
            201: z.object({ intakeId: z.uuid(), expiresAt: z.iso.datetime(), recipient: z.string() }),
          },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const sent = await intakes.sendLink(
          request.actor,
          request.params.clientId,
          request.body,
          request.origin,
        );
        return reply.code(201).send({ ...sent, expiresAt: sent.expiresAt.toISOString() });
      },
    );

    app.get(
      '/clients/:clientId/contra-indications',
      {
        schema: {
          tags: ['intake'],
          summary: "Contra-indications in the client's latest signed intakes, for one treatment type or all",
          params: clientParams,
          querystring: z.object({ treatmentTypeId: z.uuid().optional() }),
          response: {
            200: z.array(
              contraIndicationSchema.extend({ intakeId: z.uuid(), treatmentTypeIds: z.array(z.uuid()) }),
            ),
          },
          'x-vellum-data': 'medical',
        },
      },
      async (request): Promise<OpenWarning[]> =>
        intakes.warnings(
          request.actor,
          request.params.clientId,
          request.query.treatmentTypeId,
          request.origin,
        ),
    );

    // The client's side of the one-time link. The token travels in the body, never in a URL that
    // could be logged; the answer reveals only the form, the treatment and its price.
    app.post(
      '/intake-link/form',
      {
        config: { access: 'public' },
        schema: {
          tags: ['intake'],
          summary: 'The intake form behind a one-time link',
          body: z.object({ token: z.string().max(200) }),
          response: { 200: linkedFormSchema },
        },
      },
      async (request) => intakeLinks.open(request.body.token, linkOrigin(request.id)),
    );

    app.post(
      '/intake-link/sign',
      {
        config: { access: 'public' },
        schema: {
          tags: ['intake'],
          summary: 'Fill in and sign the intake behind a one-time link; the link is then used up',
          body: z.object({
            token: z.string().max(200),
            answers: answersInput,
            signature: z.string().max(1_000_000).optional(),
            language: languageSchema.optional(),
            statementVersion: z.number().int().min(1).max(INT4_MAX).optional(),
          }),
          response: { 200: z.object({ signedAt: z.iso.datetime() }) },
        },
      },
      async (request) => {
        const { token, ...input } = request.body;
        const { signedAt } = await intakeLinks.sign(token, input, linkOrigin(request.id));
        return { signedAt: signedAt.toISOString() };
      },
    );
  };
}

function linkOrigin(requestId: string): string {
  return `intake-link:${requestId}`;
}

function presentVersion(version: TemplateVersion): z.infer<typeof templateVersionSchema> {
  return {
    key: version.key,
    version: version.version,
    name: version.name,
    questions: version.questions,
    publishedAt: version.publishedAt.toISOString(),
  };
}

function presentSummary(row: IntakeSummary): z.infer<typeof intakeSummarySchema> {
  return {
    ...row,
    signedAt: row.signedAt?.toISOString() ?? null,
    linkExpiresAt: row.linkExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function presentDetail(row: IntakeDetail): z.infer<typeof intakeDetailSchema> {
  return { ...row, ...presentSummary(row) };
}
