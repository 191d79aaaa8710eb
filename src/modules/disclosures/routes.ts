import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinic } from '../../db/schema';
import { Invalid } from '../../platform/errors';
import { exportProgressWriter } from '../privacy/export-progress';
import { collectExport, exportPdf } from '../privacy/portal-export';

const SCAN_MAX_BYTES = 10 * 1024 * 1024;
const params = z.object({ clientId: z.uuid(), disclosureId: z.uuid() });

/** Disclosures to third parties on the client's written request (P8.2). */
export function disclosureRoutes(
  context: Pick<
    AppContext,
    'clients' | 'clock' | 'database' | 'disclosures' | 'dossier' | 'gate' | 'intake' | 'photos'
  >,
): FastifyPluginAsyncZod {
  const { disclosures, clients, database } = context;
  return async (app) => {
    app.post(
      '/clients/:clientId/disclosures',
      {
        bodyLimit: Math.ceil((SCAN_MAX_BYTES * 4) / 3) + 64 * 1024,
        schema: {
          tags: ['disclosures'],
          summary: 'Register a disclosure with the client’s written request (a scan of the letter or form)',
          params: z.object({ clientId: z.uuid() }),
          body: z.object({
            recipient: z.string().trim().min(3).max(300),
            purpose: z.string().trim().min(3).max(500),
            includesDossier: z.boolean(),
            photoSetIds: z.array(z.uuid()).max(50),
            language: z.enum(['nl', 'en']),
            request: z.object({ fileName: z.string().trim().min(1).max(200), contentBase64: z.base64() }),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const { request: scan, ...input } = request.body;
        const bytes = Buffer.from(scan.contentBase64, 'base64');
        if (bytes.length > SCAN_MAX_BYTES) {
          throw new Invalid('request is larger than 10 MB', [
            { field: 'request', message: 'is larger than 10 MB' },
          ]);
        }
        const created = await disclosures.registerWithScan(
          request.actor,
          request.params.clientId,
          { ...input, scan: { fileName: scan.fileName, bytes } },
          request.origin,
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/clients/:clientId/disclosures',
      {
        schema: {
          tags: ['disclosures'],
          summary: 'The client’s disclosures, with the recipients to inform after a later correction',
          params: z.object({ clientId: z.uuid() }),
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                recipient: z.string(),
                purpose: z.string(),
                includesDossier: z.boolean(),
                photoSetIds: z.array(z.uuid()),
                requestKind: z.enum(['scan', 'portal']),
                requestedAt: z.iso.datetime(),
                disclosedAt: z.iso.datetime().nullable(),
                informAfterChange: z.boolean(),
              }),
            ),
          },
          'x-vellum-data': 'medical',
        },
      },
      async (request) =>
        (await disclosures.list(request.actor, request.params.clientId, request.origin)).map((d) => ({
          ...d,
          requestedAt: d.requestedAt.toISOString(),
          disclosedAt: d.disclosedAt?.toISOString() ?? null,
        })),
    );

    app.get(
      '/clients/:clientId/disclosures/:disclosureId/request',
      {
        schema: {
          tags: ['disclosures'],
          summary: 'The scanned written request kept with a disclosure',
          params,
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const scan = await disclosures.requestScan(
          request.actor,
          request.params.clientId,
          request.params.disclosureId,
          request.origin,
        );
        return reply
          .type('application/octet-stream')
          .header(
            'content-disposition',
            `attachment; filename="${scan.fileName.replaceAll(/["\\\r\n]/g, '_')}"`,
          )
          .send(scan.bytes);
      },
    );

    app.get(
      '/clients/:clientId/disclosures/:disclosureId/package.zip',
      {
        schema: {
          tags: ['disclosures'],
          summary: 'Make the package for the recipient (PDF plus the chosen photos); logged every time',
          params,
          // An id the page picked at random, to ask how far the package is (GET /export-progress/:id).
          querystring: z.object({ progress: z.uuid().optional() }),
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        const origin = request.origin;
        const { clientId, disclosureId } = request.params;
        const released = await disclosures.release(actor, clientId, disclosureId, origin);
        const person = await clients.get(actor, clientId, origin);
        const progress = request.query.progress
          ? exportProgressWriter(context.gate, actor, request.query.progress, origin)
          : undefined;
        // The record goes before the answer: once the download is there, nobody sees it "being made".
        let zip: Buffer;
        try {
          const data = await collectExport(context, {
            actor,
            clientId,
            origin,
            client: person,
            photoSetIds: released.photoSetIds,
            ...(progress ? { progress } : {}),
          });
          const shared = released.includesDossier
            ? data
            : { ...data, treatments: [], skinAnalyses: [], homeProducts: [], emails: [], intakes: [] };
          const [row] = await database.db
            .select({ name: clinic.name, timeZone: clinic.timeZone })
            .from(clinic)
            .limit(1);
          const practice = row ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' };
          const files: Record<string, Uint8Array> = {
            'dossier.pdf': new Uint8Array(await exportPdf(shared, practice, person.preferredLanguage)),
            'README.txt': strToU8(
              person.preferredLanguage === 'en'
                ? `For: ${released.recipient}\nAt the written request of the client.\n`
                : `Voor: ${released.recipient}\nOp schriftelijk verzoek van de cliënt.\n`,
            ),
          };
          for (const photo of data.photos) files[photo.path] = new Uint8Array(photo.bytes);
          zip = Buffer.from(zipSync(files, { level: 6 }));
        } finally {
          await progress?.end();
        }
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="disclosure-${disclosureId}.zip"`)
          .send(zip);
      },
    );
  };
}
