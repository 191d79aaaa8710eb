import { randomUUID } from 'node:crypto';
import path from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { type Config, version } from './config';
import type { Database } from './db/connection';
import { CarePeriods } from './modules/access/care-periods';
import { ClientKeys } from './modules/access/client-keys';
import { AccessGate } from './modules/access/gate';
import { registerRequestActor } from './modules/access/request-actor';
import { accessRoutes } from './modules/access/routes';
import { AppointmentBoard } from './modules/agenda/appointment-board.service';
import { Booking } from './modules/agenda/booking.service';
import { BookingLinks } from './modules/agenda/booking-links.service';
import { CalendarFeeds } from './modules/agenda/calendar-feed';
import { Reminders } from './modules/agenda/reminders';
import { agendaRoutes } from './modules/agenda/routes';
import { Schedule } from './modules/agenda/schedule.service';
import { AuditLog } from './modules/audit/audit-log.service';
import { auditRoutes } from './modules/audit/routes';
import { backupRoutes } from './modules/backup/routes';
import { Catalogue } from './modules/catalogue/catalogue.service';
import { catalogueRoutes } from './modules/catalogue/routes';
import { ClientDirectory } from './modules/clients/client.service';
import { ClientMerger } from './modules/clients/client-merge.service';
import { clientRoutes } from './modules/clients/routes';
import { ContactRequests } from './modules/contact/contact.service';
import { contactRoutes } from './modules/contact/routes';
import { Dashboards } from './modules/dashboard/dashboard.service';
import { ClinicInsights } from './modules/dashboard/insights.service';
import { dashboardRoutes } from './modules/dashboard/routes';
import { Disclosures } from './modules/disclosures/disclosure.service';
import { disclosureRoutes } from './modules/disclosures/routes';
import {
  type ContraIndicationSource,
  type ContraIndicationsForMany,
  noContraIndications,
  noContraIndicationsForMany,
} from './modules/dossier/contra-indications';
import { DossierService } from './modules/dossier/dossier.service';
import { mergeDossier } from './modules/dossier/merge';
import { dossierRoutes } from './modules/dossier/routes';
import { ErasureService } from './modules/erasure/erasure.service';
import { erasureRoutes } from './modules/erasure/routes';
import { vacuumAfterDestruction } from './modules/erasure/vacuum';
import { clinicProfileRoutes } from './modules/health/clinic-profile.routes';
import { healthRoutes } from './modules/health/routes';
import { Incidents } from './modules/incidents/incident.service';
import { incidentRoutes } from './modules/incidents/routes';
import { type IntakeModule, intakeModule } from './modules/intake/intake.module';
import { mergeIntakes } from './modules/intake/merge';
import { intakeRoutes } from './modules/intake/routes';
import { Invoices } from './modules/invoices/invoice.service';
import { invoiceRoutes } from './modules/invoices/routes';
import { Locations } from './modules/locations/locations.service';
import { resourceRoutes } from './modules/locations/resources.routes';
import { Resources } from './modules/locations/resources.service';
import { locationRoutes } from './modules/locations/routes';
import { Marketing } from './modules/marketing/marketing.service';
import { marketingRoutes } from './modules/marketing/routes';
import { Mailer } from './modules/outbox/mailer';
import { Outbox } from './modules/outbox/outbox.service';
import { outboxRoutes } from './modules/outbox/routes';
import { PhotoAlbum } from './modules/photos/photo-album.service';
import { photoRoutes } from './modules/photos/routes';
import { ConsentLedger } from './modules/privacy/consent.service';
import { Corrections } from './modules/privacy/correction.service';
import { correctionRoutes } from './modules/privacy/correction-routes';
import { PrivacyPortal } from './modules/privacy/privacy-portal.service';
import { PrivacyStatements } from './modules/privacy/privacy-statement.service';
import { privacyPortalRoutes, privacyRoutes } from './modules/privacy/routes';
import { Registers } from './modules/registers/registers.service';
import { registerRoutes } from './modules/registers/routes';
import { Retention } from './modules/retention/retention.service';
import { retentionRoutes } from './modules/retention/routes';
import { shopRoutes } from './modules/shop/routes';
import { type ShopModule, shopModule } from './modules/shop/shop.module';
import { StaffAuth } from './modules/staff/auth.service';
import { ClientMode } from './modules/staff/client-mode.service';
import { registerSessions } from './modules/staff/http-session';
import { staffRoutes } from './modules/staff/routes';
import { SetupCode } from './modules/staff/setup-code';
import { Team } from './modules/staff/team.service';
import { statsRoutes } from './modules/stats/routes';
import { WebsiteStats } from './modules/stats/stats.service';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import { ErasedClients } from './platform/erased-clients';
import { registerInputGuard } from './platform/input-guard';
import { KeyStore } from './platform/keys';
import { erasureRegisterOf } from './platform/keys-folder';
import { handleError } from './platform/problem';
import { S3BlobStore } from './platform/s3-storage';
import { safeError } from './platform/safe-error';
import { registerSecurityHeaders } from './platform/security-headers';
import { type BlobStore, FolderBlobStore } from './platform/storage';
import { registerWebApp } from './platform/web-app';

/** What every module's routes and services may depend on; built once per app. */
export type AppContext = {
  config: Config;
  database: Database;
  clock: Clock;
  keys: KeyStore;
  gate: AccessGate;
  carePeriods: CarePeriods;
  auth: StaffAuth;
  clientMode: ClientMode;
  team: Team;
  clients: ClientDirectory;
  clientMerger: ClientMerger;
  clientKeys: ClientKeys;
  catalogue: Catalogue;
  /** Locations (vestigingen) and where each staff member works (issue 17). */
  locations: Locations;
  /** Rooms and devices: kinds and each location's units (issue 17). */
  resources: Resources;
  photos: PhotoAlbum;
  /** Where photo bytes live: `<data>/photos`, or the bucket `VELLUM_S3_*` names. */
  photoStore: BlobStore;
  erasure: ErasureService;
  /** The erasure register in the keys folder (decision 0017). */
  erasedClients: ErasedClients;
  retention: Retention;
  contactRequests: ContactRequests;
  stats: WebsiteStats;
  schedule: Schedule;
  booking: Booking;
  bookingLinks: BookingLinks;
  mailer: Mailer;
  appointments: AppointmentBoard;
  reminders: Reminders;
  calendarFeeds: CalendarFeeds;
  incidents: Incidents;
  registers: Registers;
  marketing: Marketing;
  disclosures: Disclosures;
  invoices: Invoices;
  /** The webshop (issue 15). */
  shop: ShopModule;
  privacyPortal: PrivacyPortal;
  /** Correction requests from the privacy portal (GDPR art. 16). */
  corrections: Corrections;
  dossier: DossierService;
  /** Filled in by the intake module: the contra-indications a treatment must confirm (P3.2). */
  contraIndications: ContraIndicationSource;
  /** The same for the agenda's day or week at once. */
  contraIndicationsForMany: ContraIndicationsForMany;
  intake: IntakeModule;
  audit: AuditLog;
  privacyStatements: PrivacyStatements;
  consents: ConsentLedger;
  outbox: Outbox;
  setupCode: SetupCode;
  /** The start page per role, and the owner's charts. */
  dashboards: Dashboards;
  insights: ClinicInsights;
};

/** The photo store the settings name: the bucket when `VELLUM_S3_*` is set, else the data folder's. */
export function photoStoreFor(config: Config): BlobStore {
  return config.s3 ? new S3BlobStore(config.s3) : new FolderBlobStore(path.join(config.dataDir, 'photos'));
}

export function buildContext(
  options: Pick<BuildOptions, 'config' | 'database' | 'clock' | 'setupCode' | 'photoStore'>,
): AppContext {
  const clock = options.clock ?? systemClock;
  const keys = new KeyStore(options.config.masterKeyFile);
  const gate = new AccessGate(options.database, clock);
  const erasedClients = new ErasedClients(erasureRegisterOf(options.config));
  const clientKeys = new ClientKeys(keys, erasedClients);
  const photoStore = options.photoStore ?? photoStoreFor(options.config);
  const invoices = new Invoices(gate);
  const vacuum = () => vacuumAfterDestruction(options.database);
  const erasure = new ErasureService(gate, erasedClients, photoStore, invoices, vacuum);
  const corrections = new Corrections(gate);
  const photos = new PhotoAlbum(gate, clientKeys, photoStore);
  const privacyStatements = new PrivacyStatements(options.database, options.config.backupKeepDays);
  const consents = new ConsentLedger(gate, privacyStatements);
  const disclosures = new Disclosures(gate, clientKeys, consents);
  const contactRequests = new ContactRequests(gate, keys, privacyStatements);
  const context: AppContext = {
    config: options.config,
    database: options.database,
    clock,
    keys,
    gate,
    carePeriods: new CarePeriods(gate),
    auth: new StaffAuth(options.database, gate, keys),
    clientMode: new ClientMode(options.database, gate, keys),
    team: new Team(gate, options.config),
    clients: new ClientDirectory(gate, clientKeys),
    clientMerger: new ClientMerger(gate, clientKeys, () => ({
      contact: [
        context.consents.mergeStep,
        context.marketing.mergeStep,
        context.booking.mergeStep,
        context.invoices.mergeStep,
      ],
      medical: [mergeDossier, mergeIntakes, context.photos.mergeStep, context.disclosures.mergeStep],
    })),
    clientKeys,
    catalogue: new Catalogue(gate),
    locations: new Locations(gate),
    resources: new Resources(gate),
    photos,
    photoStore,
    erasure,
    erasedClients,
    retention: new Retention(gate, erasedClients, photoStore, contactRequests, invoices, vacuum),
    contactRequests,
    stats: new WebsiteStats(options.database, gate, clock),
    schedule: new Schedule(gate),
    booking: new Booking(gate, clientKeys, consents, options.config),
    bookingLinks: new BookingLinks(gate, consents, options.config),
    mailer: new Mailer(options.database, options.config, clock),
    appointments: new AppointmentBoard(
      gate,
      consents,
      () => context.contraIndicationsForMany,
      () => context.bookingLinks,
    ),
    reminders: new Reminders(gate, options.config),
    calendarFeeds: new CalendarFeeds(gate, options.config),
    incidents: new Incidents(gate, keys),
    registers: new Registers(gate, options.config.backupKeepDays),
    marketing: new Marketing(gate, consents, photos),
    disclosures,
    invoices,
    shop: shopModule({
      gate,
      config: options.config,
      invoices,
      keys: clientKeys,
      consents,
      statements: privacyStatements,
    }),
    privacyPortal: new PrivacyPortal(gate, consents, erasure, disclosures, options.config, corrections),
    corrections,
    dossier: new DossierService(gate, clientKeys, () => context.contraIndications),
    contraIndications: noContraIndications,
    contraIndicationsForMany: noContraIndicationsForMany,
    intake: intakeModule(gate, clientKeys, options.config, consents),
    audit: new AuditLog(gate, options.database),
    privacyStatements,
    consents,
    outbox: new Outbox(gate),
    setupCode: options.setupCode ?? new SetupCode(),
    dashboards: new Dashboards(
      gate,
      clock,
      options.config,
      () => context.retention,
      () => context.contraIndications,
    ),
    insights: new ClinicInsights(gate),
  };
  context.contraIndications = context.intake.forms.contraIndicationsFor;
  context.contraIndicationsForMany = context.intake.forms.contraIndicationsForMany;
  return context;
}

export type BuildOptions = {
  config: Config;
  database: Database;
  clock?: Clock;
  setupCode?: SetupCode;
  /** The photo store; by default the one the settings name (`photoStoreFor`). Tests pass one with short timeouts. */
  photoStore?: BlobStore;
  /** The services to serve; built from the options when absent (tests pass theirs to share them). */
  context?: AppContext;
  /** pino level and optional destination, or false for silence (tests). */
  logger?: false | LoggerOptions;
};

/**
 * Builds the Fastify app without listening (Fastify's build/listen split), so tests use `inject`.
 */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const context = options.context ?? buildContext(options);
  const app = Fastify({
    logger: loggerOptions(options.logger ?? { level: options.config.logLevel }),
    genReqId: () => randomUUID(),
    trustProxy: trustedHops(options.config.trustedProxyHops),
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerInputGuard(app);

  await registerSecurityHeaders(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vellum API',
        description: 'The HTTP API of Vellum, practice software for skin and beauty clinics.',
        version,
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'vellum_session',
            description: 'A staff session (password and second factor); send x-csrf-token on changes.',
          },
        },
      },
    },
    // Marks every operation that needs a staff session, so the document says who may call what
    // (and the authorization matrix test knows which routes must refuse anonymous callers).
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      const access = (input.route.config as { access?: string } | undefined)?.access ?? 'staff';
      return {
        ...result,
        schema: { ...result.schema, security: access === 'public' ? [] : [{ session: [] }] },
      };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );

  await registerSessions(app, context);
  registerRequestActor(app);
  await app.register(healthRoutes(context), { prefix: '/api' });
  await app.register(clinicProfileRoutes(context), { prefix: '/api' });
  await app.register(staffRoutes(context), { prefix: '/api' });
  await app.register(clientRoutes(context), { prefix: '/api' });
  await app.register(accessRoutes(context), { prefix: '/api' });
  await app.register(auditRoutes(context), { prefix: '/api' });
  await app.register(outboxRoutes(context), { prefix: '/api' });
  await app.register(intakeRoutes(context), { prefix: '/api' });
  await app.register(catalogueRoutes(context), { prefix: '/api' });
  await app.register(locationRoutes(context), { prefix: '/api' });
  await app.register(resourceRoutes(context), { prefix: '/api' });
  await app.register(dossierRoutes(context), { prefix: '/api' });
  await app.register(photoRoutes(context), { prefix: '/api' });
  await app.register(privacyRoutes(context), { prefix: '/api' });
  await app.register(privacyPortalRoutes(context), { prefix: '/api' });
  await app.register(erasureRoutes(context), { prefix: '/api' });
  await app.register(correctionRoutes(context), { prefix: '/api' });
  await app.register(retentionRoutes(context), { prefix: '/api' });
  await app.register(incidentRoutes(context), { prefix: '/api' });
  await app.register(registerRoutes(context), { prefix: '/api' });
  await app.register(marketingRoutes(context), { prefix: '/api' });
  await app.register(disclosureRoutes(context), { prefix: '/api' });
  await app.register(invoiceRoutes(context), { prefix: '/api' });
  await app.register(shopRoutes(context), { prefix: '/api' });
  await app.register(contactRoutes(context), { prefix: '/api' });
  await app.register(statsRoutes(context), { prefix: '/api' });
  await app.register(agendaRoutes(context), { prefix: '/api' });
  await app.register(backupRoutes(context), { prefix: '/api' });
  await app.register(dashboardRoutes(context), { prefix: '/api' });

  await registerWebApp(app, options.config.webDir);
  return app;
}

/**
 * Fastify's `trustProxy: true` believes the whole X-Forwarded-For, so `request.ip` becomes its
 * left-most entry, which the client writes; and Fastify 5.12 ignores a plain hop count (it trusts
 * nothing then). A trust function over the hop index does what a count promises: the socket peer
 * (hop 0) up to the last configured proxy are trusted, so `request.ip` is the address the outermost
 * proxy saw. Everything that keys on the caller (throttles, statistics) reads `request.ip`.
 */
export function trustedHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/**
 * Request logs name the method, the path without its query string, the status and the time — never
 * headers, bodies, cookies or IP addresses, which may be personal data. Errors are logged by kind,
 * SQL state and constraint, never a failed query's parameters (platform/safe-error.ts).
 */
export type LoggerOptions = { level: string; stream?: { write(line: string): void } };

function loggerOptions(logger: false | LoggerOptions) {
  if (logger === false) return false;
  return {
    level: logger.level,
    ...(logger.stream ? { stream: logger.stream } : {}),
    serializers: {
      req: (request: { method: string; url: string }) => ({
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: safeError,
    },
  };
}
