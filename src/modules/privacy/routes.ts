import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinic } from '../../db/schema';
import { NotFound } from '../../platform/errors';
import { INT4_MAX } from '../../platform/schemas';
import { networkKey } from '../access/request-actor';
import { CORRECTION_TEXT_MAX } from './correction-routes';
import { type ExportRunning, exportProgressWriter, readExportProgress } from './export-progress';
import { collectExport, exportPdf, exportZip } from './portal-export';
import { type AccessLogPage, portalActor } from './privacy-portal.service';
import type { StatementVersion } from './privacy-statement.service';
import { consentScopes, ledgerScopes } from './statement';
import { correctionFieldGroups } from './tables';

const language = z.enum(['nl', 'en']);
const translated = z.object({ nl: z.string(), en: z.string() });
const section = z.object({
  heading: z.string(),
  paragraphs: z.array(z.string()),
  bullets: z.array(z.string()).optional(),
});
const statementText = z.object({ title: z.string(), sections: z.array(section) });

const statementSchema = z
  .object({
    version: z.number().int(),
    hash: z.string(),
    publishedAt: z.iso.datetime(),
    texts: z.object({ nl: statementText, en: statementText }),
    // Partial: a version published before a scope existed has no sentence for it.
    consentTexts: z.object(
      Object.fromEntries(consentScopes.map((s) => [s, translated.optional()])) as Record<
        (typeof consentScopes)[number],
        z.ZodOptional<typeof translated>
      >,
    ),
  })
  .meta({ id: 'PrivacyStatement' });

const consentState = z.object({
  scope: z.enum(ledgerScopes),
  subject: z.string(),
  decision: z.enum(['granted', 'withdrawn']),
  since: z.iso.datetime(),
  channel: z.string(),
  statementVersion: z.number().int(),
});

const consentRecordSchema = z
  .object({
    id: z.uuid(),
    scope: z.enum(ledgerScopes),
    subject: z.string(),
    decision: z.enum(['granted', 'withdrawn']),
    statementVersion: z.number().int(),
    language,
    textHash: z.string(),
    channel: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    recordedByName: z.string().nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'ConsentRecord' });

const accessLogSchema = z
  .object({
    days: z.array(
      z.object({
        date: z.iso.date(),
        groups: z.array(
          z.object({
            role: z.string(),
            action: z.string(),
            objectType: z.string().nullable(),
            count: z.number().int(),
            lastAt: z.iso.datetime(),
          }),
        ),
      }),
    ),
    older: z.iso.date().nullable(),
  })
  .meta({ id: 'PortalAccessLog' });

/** The portal's first page: what the clinic holds about the client, their consents, who looked. */
const portalOverviewSchema = z
  .object({
    client: z.object({
      firstName: z.string(),
      lastName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      birthDate: z.iso.date().nullable(),
      street: z.string().nullable(),
      houseNumber: z.string().nullable(),
      postcode: z.string().nullable(),
      city: z.string().nullable(),
    }),
    held: z.object({
      treatments: z.number().int(),
      analyses: z.number().int(),
      intakes: z.number().int(),
      photos: z.number().int(),
      emails: z.number().int(),
      homeProducts: z.number().int(),
    }),
    consents: z.object({
      current: z.array(consentState),
      history: z.array(
        consentRecordSchema.pick({
          scope: true,
          subject: true,
          decision: true,
          channel: true,
          statementVersion: true,
          recordedAt: true,
        }),
      ),
    }),
    access: z.array(z.object({ at: z.iso.datetime(), role: z.string(), action: z.string() })),
    accessLog: accessLogSchema,
    erasureRequest: z.object({ deadlineAt: z.iso.datetime() }).nullable(),
    corrections: z.array(
      z.object({
        id: z.uuid(),
        fieldGroup: z.enum(correctionFieldGroups),
        wrong: z.string(),
        shouldBe: z.string(),
        receivedAt: z.iso.datetime(),
        deadlineAt: z.iso.datetime(),
        outcome: z.enum(['corrected', 'refused']).nullable(),
        /** A refusal's reason; never the clinic's own note. */
        reason: z.string().nullable(),
        handledAt: z.iso.datetime().nullable(),
      }),
    ),
    language,
  })
  .meta({ id: 'PortalOverview' });

function presentAccessLog(page: AccessLogPage) {
  return {
    days: page.days.map((d) => ({
      date: d.date,
      groups: d.groups.map((g) => ({ ...g, lastAt: g.lastAt.toISOString() })),
    })),
    older: page.older,
  };
}

function presentStatement(row: StatementVersion) {
  return {
    version: row.version,
    hash: row.hash,
    publishedAt: row.publishedAt.toISOString(),
    texts: row.texts,
    consentTexts: row.consentTexts,
  };
}

const exportProgressSchema = z
  .object({
    step: z.enum(['dossier', 'photos', 'packing']),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ExportProgress' });

function presentExportProgress(running: ExportRunning | null) {
  return (
    running && {
      step: running.step,
      done: running.done,
      total: running.total,
      startedAt: running.startedAt.toISOString(),
      updatedAt: running.updatedAt.toISOString(),
    }
  );
}

/**
 * The public privacy statement, a client's consents, the clients without one on file, and how far
 * an export the staff member asked for is.
 */
export function privacyRoutes({
  privacyStatements,
  consents,
  database,
  clock,
  gate,
}: Pick<
  AppContext,
  'privacyStatements' | 'consents' | 'database' | 'clock' | 'gate'
>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/privacy-statement',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'The privacy statement rendered from the clinic’s settings (the current version, or an earlier one by number)',
          querystring: z.object({ version: z.coerce.number().int().min(1).max(INT4_MAX).optional() }),
          response: { 200: statementSchema },
        },
      },
      async (request) => {
        const row =
          request.query.version === undefined
            ? await privacyStatements.current(clock.now())
            : await database.db.transaction((tx) =>
                privacyStatements.byVersion(tx, request.query.version ?? 0),
              );
        if (!row) throw new NotFound('no published privacy statement');
        return presentStatement(row);
      },
    );

    app.get(
      '/clients/:clientId/consents',
      {
        schema: {
          tags: ['consent'],
          summary: "A client's consents: what holds now per scope, and every record (append-only)",
          params: z.object({ clientId: z.uuid() }),
          response: {
            200: z.object({ current: z.array(consentState), history: z.array(consentRecordSchema) }),
          },
          'x-vellum-data': 'contact',
        },
      },
      async (request) => {
        const { current, history } = await consents.ofClient(
          request.actor,
          request.params.clientId,
          request.origin,
        );
        return {
          current: current.map((c) => ({ ...c, since: c.since.toISOString() })),
          history: history.map((r) => ({
            id: r.id,
            scope: r.scope,
            subject: r.subject,
            decision: r.decision,
            statementVersion: r.statementVersion,
            language: r.language,
            textHash: r.textHash,
            channel: r.channel,
            evidence: r.evidence,
            recordedByName: r.recordedByName,
            recordedAt: r.recordedAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/clients/:clientId/consents',
      {
        schema: {
          tags: ['consent'],
          summary:
            'Record a consent given or withdrawn at the desk or by e-mail (a withdrawal holds at once)',
          params: z.object({ clientId: z.uuid() }),
          body: z.object({
            scope: z.enum(ledgerScopes),
            subject: z.string().trim().max(200).optional(),
            decision: z.enum(['granted', 'withdrawn']),
            channel: z.enum(['desk', 'email']),
            language,
            statementVersion: z.number().int().min(1).max(INT4_MAX).optional(),
            dossierEmailId: z.uuid().optional(),
            reference: z.string().trim().min(1).max(500).optional(),
            note: z.string().trim().max(500).optional(),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) => {
        const created = await consents.recordByStaff(
          request.actor,
          { ...request.body, clientId: request.params.clientId },
          request.origin,
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/export-progress/:progressId',
      {
        schema: {
          tags: ['disclosures'],
          summary:
            'How far an export you asked for is (the id your page sent with it): step and photos done of total, or null',
          params: z.object({ progressId: z.uuid() }),
          response: { 200: exportProgressSchema.nullable() },
        },
      },
      async (request) =>
        presentExportProgress(
          await readExportProgress(gate, request.actor, request.params.progressId, request.origin),
        ),
    );

    app.get(
      '/consents/missing',
      {
        schema: {
          tags: ['consent'],
          summary:
            'Clients with no consent to process their health data on file (never signed an intake, or withdrew): ask at the next visit',
          response: {
            200: z.array(
              z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), withdrawn: z.boolean() }),
            ),
          },
        },
      },
      async (request) => consents.missing(request.actor, request.origin),
    );
  };
}

/** The client privacy portal: the link by e-mail, then overview, export, withdrawal and erasure by token. */
export function privacyPortalRoutes(
  context: Pick<
    AppContext,
    'clock' | 'database' | 'dossier' | 'gate' | 'intake' | 'invoices' | 'keys' | 'photos' | 'privacyPortal'
  >,
): FastifyPluginAsyncZod {
  const { privacyPortal, keys, database, gate } = context;
  const token = z.string().min(20).max(200);
  const origin = (id: string) => `portal:${id}`;
  return async (app) => {
    app.post(
      '/public/privacy-portal/link',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'E-mail a link to the privacy portal; the same answer whether or not the address is known',
          body: z.object({ email: z.email().max(254), language: language.default('nl') }),
          response: { 202: z.object({ sent: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        await privacyPortal.requestLink(
          request.body.email,
          request.body.language,
          networkKey(request, keys),
          origin(request.id),
        );
        return reply.code(202).send({ sent: true });
      },
    );

    app.post(
      '/public/privacy-portal/overview',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'What the clinic holds about you, your consents and who looked at your file (roles and dates)',
          body: z.object({ token }),
          response: { 200: portalOverviewSchema },
        },
      },
      async (request) => {
        const overview = await privacyPortal.overview(request.body.token, origin(request.id));
        return {
          ...overview,
          consents: {
            current: overview.consents.current.map((c) => ({ ...c, since: c.since.toISOString() })),
            history: overview.consents.history.map((r) => ({
              scope: r.scope,
              subject: r.subject,
              decision: r.decision,
              channel: r.channel,
              statementVersion: r.statementVersion,
              recordedAt: r.recordedAt.toISOString(),
            })),
          },
          access: overview.access.map((a) => ({ ...a, at: a.at.toISOString() })),
          accessLog: presentAccessLog(overview.accessLog),
          erasureRequest: overview.erasureRequest
            ? { deadlineAt: overview.erasureRequest.deadlineAt.toISOString() }
            : null,
          corrections: overview.corrections.map((c) => ({
            ...c,
            receivedAt: c.receivedAt.toISOString(),
            deadlineAt: c.deadlineAt.toISOString(),
            handledAt: c.handledAt?.toISOString() ?? null,
          })),
        };
      },
    );

    for (const format of ['zip', 'pdf'] as const) {
      app.post(
        `/public/privacy-portal/export.${format}`,
        {
          config: { access: 'public' },
          schema: {
            tags: ['public'],
            summary:
              format === 'zip'
                ? 'Your data, machine-readable: data.json with the photos and signatures as files'
                : 'Your data, readable: a PDF',
            // An id the page picked at random, to ask how far the export is while it is made.
            body: z.object({ token, progressId: z.uuid().optional() }),
          },
        },
        async (request, reply) => {
          const id = origin(request.id);
          const clientId = await privacyPortal.clientOf(request.body.token, id);
          const progress = request.body.progressId
            ? exportProgressWriter(gate, portalActor(clientId), request.body.progressId, id)
            : undefined;
          // The record goes before the answer: once the download is there, nobody sees it "being made".
          let file: Buffer;
          try {
            const overview = await privacyPortal.overview(request.body.token, id);
            const data = await collectExport(context, {
              actor: portalActor(clientId),
              clientId,
              origin: id,
              client: overview.client,
              consents: overview.consents.history,
              access: overview.access,
              invoices: await context.invoices.ofClient(portalActor(clientId), clientId, id),
              ...(progress ? { progress } : {}),
            });
            if (format === 'zip') file = exportZip(data);
            else {
              const [row] = await database.db
                .select({ name: clinic.name, timeZone: clinic.timeZone })
                .from(clinic)
                .limit(1);
              const practice = row ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' };
              file = await exportPdf(data, practice, overview.language);
            }
          } finally {
            await progress?.end();
          }
          return reply
            .type(format === 'zip' ? 'application/zip' : 'application/pdf')
            .header('content-disposition', `attachment; filename="my-data.${format}"`)
            .send(file);
        },
      );
    }

    app.post(
      '/public/privacy-portal/export-progress',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'How far your export is (the id your page sent with it): step and photos done of total, or null when not (or no longer) being made',
          body: z.object({ token, progressId: z.uuid() }),
          response: { 200: exportProgressSchema.nullable() },
        },
      },
      async (request) => {
        const id = origin(request.id);
        const clientId = await privacyPortal.clientOf(request.body.token, id);
        return presentExportProgress(
          await readExportProgress(gate, portalActor(clientId), request.body.progressId, id),
        );
      },
    );

    app.post(
      '/public/privacy-portal/consents',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Withdraw a consent; it holds at once',
          body: z.object({
            token,
            scope: z.enum(ledgerScopes),
            subject: z.string().max(200).optional(),
            decision: z.literal('withdrawn'),
          }),
        },
      },
      async (request, reply) => {
        await privacyPortal.withdraw(
          request.body.token,
          { scope: request.body.scope, ...(request.body.subject ? { subject: request.body.subject } : {}) },
          { requestId: request.id, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null },
          origin(request.id),
        );
        return reply.code(204).send();
      },
    );

    app.post(
      '/public/privacy-portal/disclosure-request',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Ask the clinic in writing to send your data to someone (e.g. your doctor)',
          body: z.object({
            token,
            recipient: z.string().trim().min(3).max(300),
            purpose: z.string().trim().min(3).max(500),
          }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const created = await privacyPortal.requestDisclosure(
          request.body.token,
          { recipient: request.body.recipient, purpose: request.body.purpose },
          { requestId: request.id, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null },
          origin(request.id),
        );
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/public/privacy-portal/access-log',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Older days of who looked at your file, grouped by day and role (30 days a page)',
          body: z.object({ token, before: z.iso.date() }),
          response: { 200: accessLogSchema },
        },
      },
      async (request) =>
        presentAccessLog(
          await privacyPortal.accessLog(request.body.token, request.body.before, origin(request.id)),
        ),
    );

    app.post(
      '/public/privacy-portal/correction-request',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Ask the clinic to correct your data (GDPR art. 16): answered within a month',
          body: z.object({
            token,
            fieldGroup: z.enum(correctionFieldGroups),
            wrong: z.string().trim().min(1).max(CORRECTION_TEXT_MAX),
            shouldBe: z.string().trim().min(1).max(CORRECTION_TEXT_MAX),
          }),
          response: { 201: z.object({ id: z.uuid(), deadlineAt: z.iso.datetime() }) },
        },
      },
      async (request, reply) => {
        const created = await privacyPortal.requestCorrection(
          request.body.token,
          {
            fieldGroup: request.body.fieldGroup,
            wrong: request.body.wrong,
            shouldBe: request.body.shouldBe,
          },
          networkKey(request, keys),
          origin(request.id),
        );
        return reply.code(201).send({ id: created.id, deadlineAt: created.deadlineAt.toISOString() });
      },
    );

    app.post(
      '/public/privacy-portal/erasure',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Ask the clinic to erase your data: carried out within 14 days',
          body: z.object({ token }),
          response: { 201: z.object({ deadlineAt: z.iso.datetime() }) },
        },
      },
      async (request, reply) => {
        const { deadlineAt } = await privacyPortal.requestErasure(request.body.token, origin(request.id));
        return reply.code(201).send({ deadlineAt: deadlineAt.toISOString() });
      },
    );
  };
}
