import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { Invalid } from '../../platform/errors';
import { isoDay } from '../../platform/schemas';
import { processingRecordCsv, processingRecordPdf } from './processing-record-document';

/** The documents' language: the clinic's (Dutch) unless English is asked for. */
const languageQuery = z.object({ language: z.enum(['nl', 'en']).default('nl') });
const FILE_NAME = { nl: 'verwerkingsregister', en: 'record-of-processing' } as const;

const AGREEMENT_MAX_BYTES = 5 * 1024 * 1024;
const iso = (d: Date | null) => d?.toISOString() ?? null;

const processorSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    purpose: z.string(),
    dataCategories: z.string(),
    location: z.string(),
    agreementDate: z.string(),
    agreementFileName: z.string().nullable(),
    agreementSha256: z.string().nullable(),
    createdAt: z.iso.datetime(),
    removedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Processor' });

const paperFileSchema = z
  .object({
    id: z.uuid(),
    archiveCode: z.string(),
    kind: z.enum(['intake_form', 'dossier', 'other']),
    location: z.string(),
    registeredAt: z.iso.datetime(),
  })
  .meta({ id: 'PaperFile' });

/** The record of processing activities (GDPR art. 30) as the owner's screen reads it. */
const processingRecordSchema = z
  .object({
    generatedAt: z.iso.datetime(),
    language: z.enum(['nl', 'en']),
    timeZone: z.string(),
    controller: z.object({
      name: z.string(),
      address: z.string().nullable(),
      contact: z.string().nullable(),
    }),
    activities: z.array(
      z.object({
        purpose: z.string(),
        legalBasis: z.string(),
        dataSubjects: z.string(),
        dataCategories: z.string(),
        recipients: z.string(),
        retention: z.string(),
      }),
    ),
    // agreementDate null: a processor that comes with a switched-on feature (Mollie with the webshop).
    processors: z.array(
      z.object({
        name: z.string(),
        purpose: z.string(),
        location: z.string(),
        agreementDate: z.string().nullable(),
      }),
    ),
    transfersOutsideEea: z.string(),
    securityMeasures: z.array(z.string()),
  })
  .meta({ id: 'ProcessingRecord' });

/** The register of processors, the record of processing activities, paper files and their destruction. */
export function registerRoutes({ registers }: Pick<AppContext, 'registers'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/processors',
      {
        schema: {
          tags: ['registers'],
          summary: 'The register of processors, past ones included (owner)',
          response: { 200: z.array(processorSchema) },
        },
      },
      async (request) =>
        (await registers.processors(request.actor, request.origin)).map((p) => ({
          ...p,
          createdAt: p.createdAt.toISOString(),
          removedAt: iso(p.removedAt),
        })),
    );

    app.post(
      '/processors',
      {
        bodyLimit: Math.ceil((AGREEMENT_MAX_BYTES * 4) / 3) + 64 * 1024,
        schema: {
          tags: ['registers'],
          summary: 'Register a processor with its agreement (owner); the privacy statement lists it',
          body: z.object({
            name: z.string().trim().min(1).max(200),
            purpose: z.string().trim().min(1).max(500),
            dataCategories: z.string().trim().min(1).max(500),
            location: z.string().trim().min(2).max(40),
            agreementDate: isoDay,
            agreement: z
              .object({ fileName: z.string().trim().min(1).max(200), contentBase64: z.base64() })
              .optional(),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const { agreement, ...rest } = request.body;
        const bytes = agreement ? Buffer.from(agreement.contentBase64, 'base64') : null;
        if (bytes && bytes.length > AGREEMENT_MAX_BYTES) {
          throw new Invalid('agreement is larger than 5 MB', [
            { field: 'agreement', message: 'is larger than 5 MB' },
          ]);
        }
        const created = await registers.addProcessor(
          request.actor,
          { ...rest, agreement: agreement && bytes ? { fileName: agreement.fileName, bytes } : null },
          request.origin,
        );
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/processors/:processorId',
      {
        schema: {
          tags: ['registers'],
          summary: 'End a processor’s engagement (owner); the register keeps it with the date',
          params: z.object({ processorId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await registers.removeProcessor(request.actor, request.params.processorId, request.origin);
        return reply.code(204).send();
      },
    );

    app.get(
      '/processors/:processorId/agreement',
      {
        schema: {
          tags: ['registers'],
          summary: 'The processor’s agreement document (owner)',
          params: z.object({ processorId: z.uuid() }),
        },
      },
      async (request, reply) => {
        const file = await registers.agreement(request.actor, request.params.processorId, request.origin);
        return reply
          .type('application/octet-stream')
          .header(
            'content-disposition',
            `attachment; filename="${file.fileName.replaceAll(/["\\\r\n]/g, '_')}"`,
          )
          .send(file.bytes);
      },
    );

    app.get(
      '/processing-record',
      {
        schema: {
          tags: ['registers'],
          summary: 'The record of processing activities (GDPR art. 30), generated from the settings (owner)',
          querystring: languageQuery,
          response: { 200: processingRecordSchema },
        },
      },
      async (request) => registers.processingRecord(request.actor, request.origin, request.query.language),
    );

    app.get(
      '/processing-record.pdf',
      {
        schema: {
          tags: ['registers'],
          summary: 'The record of processing activities as PDF, for an auditor (owner)',
          querystring: languageQuery,
        },
      },
      async (request, reply) => {
        const record = await registers.processingRecord(
          request.actor,
          request.origin,
          request.query.language,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${FILE_NAME[record.language]}.pdf"`)
          .send(await processingRecordPdf(record, record.timeZone));
      },
    );

    app.get(
      '/processing-record.csv',
      {
        schema: {
          tags: ['registers'],
          summary: 'The record of processing activities as CSV (owner)',
          querystring: languageQuery,
        },
      },
      async (request, reply) => {
        const record = await registers.processingRecord(
          request.actor,
          request.origin,
          request.query.language,
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${FILE_NAME[record.language]}.csv"`)
          .send(processingRecordCsv(record));
      },
    );

    app.post(
      '/clients/:clientId/paper-files',
      {
        schema: {
          tags: ['registers'],
          summary:
            'Register where a paper intake form or dossier is kept; returns the archive code for the folder',
          params: z.object({ clientId: z.uuid() }),
          body: z.object({
            kind: z.enum(['intake_form', 'dossier', 'other']),
            location: z.string().trim().min(2).max(200),
          }),
          response: { 201: z.object({ id: z.uuid(), archiveCode: z.string() }) },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await registers.registerPaperFile(
              request.actor,
              request.params.clientId,
              request.body,
              request.origin,
            ),
          ),
    );

    app.get(
      '/clients/:clientId/paper-files',
      {
        schema: {
          tags: ['registers'],
          summary: "A client's registered paper files",
          params: z.object({ clientId: z.uuid() }),
          response: { 200: z.array(paperFileSchema) },
          'x-vellum-data': 'contact',
        },
      },
      async (request) =>
        (await registers.paperFilesOf(request.actor, request.params.clientId, request.origin)).map((f) => ({
          id: f.id,
          archiveCode: f.archiveCode,
          kind: f.kind,
          location: f.location,
          registeredAt: f.registeredAt.toISOString(),
        })),
    );

    app.get(
      '/paper-destruction',
      {
        schema: {
          tags: ['registers'],
          summary: 'Paper files to destroy (open ones first), by archive code and place',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                archiveCode: z.string(),
                kind: z.string(),
                location: z.string(),
                dueAt: z.iso.datetime(),
                confirmedAt: z.iso.datetime().nullable(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await registers.destructionTasks(request.actor, request.origin)).map((t) => ({
          id: t.id,
          archiveCode: t.archiveCode,
          kind: t.kind,
          location: t.location,
          dueAt: t.dueAt.toISOString(),
          confirmedAt: iso(t.confirmedAt),
        })),
    );

    app.post(
      '/paper-destruction/:taskId/confirm',
      {
        schema: {
          tags: ['registers'],
          summary: 'Confirm that a paper file was destroyed',
          params: z.object({ taskId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await registers.confirmDestruction(request.actor, request.params.taskId, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
