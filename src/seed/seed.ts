/**
 * `vellum seed`: fills a database with a deterministic, realistic clinic — Dutch clients with
 * addresses and phone numbers, a team of ten practitioners, two receptionists and the owner, a
 * catalogue, and three years of visits: signed intakes, treatments with sealed reports (products with
 * batch numbers, device settings), skin analyses, home products, e-mails, before/after photos, the
 * care relationships and the audit trail all that produced. Plus one "showcase" client with exactly
 * 50 treatments and 100 photos, whose dossier the benchmark opens.
 *
 * How it writes (and why it is exactly what the app writes):
 * - The clinic, the team and the catalogue go through the app's own services (clinic-setup.ts);
 *   they are few rows, and their sign-in, enrolment and audit are then the real thing.
 * - Clients and their history are written in bulk (bulk-writer.ts), tens of thousands of rows a
 *   second: COPY on a PostgreSQL server, INSERTs of 1,000 rows on PGlite, one transaction a batch
 *   (bulk-writer.ts says why through a staging table). Every sealed field uses the client's own
 *   key, made and wrapped by the app's ClientKeys, under the label the service uses; signed intakes
 *   go through the app's signedColumns; the audit entries are the ones the gate would record, in time
 *   order, numbered and hashed as appendAudit does (the same entryHash), so `vellum audit verify`
 *   passes. The test (seed.test.ts) reads the result back through
 *   the services. At the end the tables are vacuumed and analysed, as after any bulk load.
 *
 * Which database role: the tables belong to the role that ran the migrations — on PGlite the
 * superuser `postgres` (the session user), on a server the role in DATABASE_URL (here `postgres`, a
 * superuser; in production perhaps a plain owner). The seed needs neither: it writes as the app role
 * `vellum_app`, through the access gate acting as `system`, which every row-level security policy
 * allows. That works the same on both databases and with any owner, and keeps FORCE ROW LEVEL
 * SECURITY (which binds a plain owner too) in force.
 *
 * Deterministic: the same seed, client count and end date give the same people, visits, record ids
 * and dossier contents. What the services make in the first phase (clinic, staff and catalogue ids)
 * and everything random by design (keys, nonces, passwords, TOTP secrets, hence ciphertexts and
 * hashes) differ from run to run.
 *
 * The agenda (schedule.ts): the owner sets the opening and working hours through the agenda
 * service; past visits have the appointments reception booked and checked in and the practitioner
 * completed, where the practitioner's agenda had room; the next 60 days hold about one appointment
 * per ten clients (10,000 for 100,000). Consents: personal data at registration (the desk), health
 * data with every signed intake, on the privacy statement published at setup.
 *
 * Not seeded: online bookings (with their e-mails), reminders, cancellations, and retention or
 * erasure history.
 *
 * Seed a database no one works in: seeded staff have known passwords (written to a file in the
 * data folder), and a server running meanwhile would see history appear.
 */
import { type AppContext, buildContext } from '../app';
import type { Config } from '../config';
import type { Database } from '../db/connection';
import { localDate } from '../modules/agenda/clinic-time';
import type { TemplateVersion } from '../modules/intake/intake-templates.service';
import { FixedClock } from '../platform/clock';
import { BulkWriter, type SeedCounts } from './bulk-writer';
import type { SeededStaff } from './clinic-setup';
import { setUpClinic, staffActor } from './clinic-setup';
import { samplePhotos, sampleSignatures } from './images';
import { type PlannedClient, planClients, type SeedWindow, searchFragments } from './plan';
import { DAY, MINUTE, type Random, seededRandom } from './random';
import {
  AGENDA_DAYS,
  FUTURE_PER_CLIENT,
  type PlannedAppointment,
  planFutureAgenda,
  setUpSchedules,
} from './schedule';
import { settleAfterBulkLoad } from './settle';
import { AuditTimeline, VisitRecorder } from './visits';

export type SeedOptions = {
  clients: number;
  seed: number;
  /** Before/after photos for ordinary clients too (the showcase client always has them). */
  photos: boolean;
  /** The seeded history ends here (default: the start of today, UTC) and begins three years before. */
  until?: Date;
  /** COPY on a PostgreSQL server (the default); false writes INSERTs there too, to compare. */
  copy?: boolean;
  /** Progress lines (to stderr in the CLI). */
  log?: (line: string) => void;
};

export type SeedResult = {
  clinic: { created: boolean; name: string; ownerEmail: string };
  /** Every account the seed made, with its password and TOTP secret. */
  staff: SeededStaff[];
  showcase: { clientId: string; practitionerId: string; practitionerEmail: string };
  counts: SeedCounts;
  window: { from: string; until: string };
  seconds: number;
  /** Name fragments of seeded clients, for search benchmarks. */
  searchFragments: string[];
  agenda: {
    timeZone: string;
    /** The local dates of the planned agenda ahead: the day after the seed's "today", and 59 more. */
    from: string;
    to: string;
    /** Performed by all ten practitioners: the free-times case. */
    everyonesTreatmentId: string;
    /** 30-minute treatments (what the booking benchmark books into the gaps). */
    shortTreatmentIds: string[];
    appointmentsAhead: number;
    /** Past visits that had an appointment, and those the agenda had no room for. */
    pastAppointments: number;
    walkIns: number;
    statementVersion: number;
  };
};

const YEARS = 3;
const SAMPLE_PHOTOS = 12;
const SAMPLE_SIGNATURES = 8;

export async function seedDatabase(
  database: Database,
  config: Config,
  options: SeedOptions,
): Promise<SeedResult> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const log = (line: string) => options.log?.(`${line} (${elapsed()})`);
  const window = seedWindow(options.until);
  const random = seededRandom(options.seed);
  const clock = new FixedClock(new Date(window.start - 14 * DAY));
  const context = buildContext({ config, database, clock });

  const clinic = await setUpClinic(context, clock, random);
  const schedule = await setUpSchedules(context, clock, random, clinic);
  log(
    `clinic "${clinic.name}" with ${clinic.practitioners.length} practitioners, its catalogue and hours ready`,
  );
  const typePractitioners = clinic.catalogue.treatmentTypes.map((type) => type.practitioners);
  const plan = planClients(random, Math.max(1, options.clients), window, typePractitioners);
  // One after the other: both draw from `random`, and interleaved draws would not be reproducible.
  const photos = await samplePhotos(random, SAMPLE_PHOTOS);
  const signatures = await sampleSignatures(random, SAMPLE_SIGNATURES);
  const templates = await latestTemplates(context, clinic.owner);
  const today = localDate(new Date(window.end), schedule.timeZone);
  const futureCount = Math.round(plan.length * FUTURE_PER_CLIENT);
  const ahead = planFutureAgenda(random, clinic, schedule.timeZone, today, futureCount);
  const bookings = bookingTimes(random, ahead, window.end);

  const writer = new BulkWriter(context.gate, context.photoStore, { copy: options.copy });
  const timeline = new AuditTimeline();
  const recorder = new VisitRecorder(
    random,
    {
      clinic,
      keys: context.clientKeys,
      templates,
      photos,
      signatures,
      withPhotos: options.photos,
      until: window.end,
      statement: schedule.statement,
    },
    writer,
    timeline,
  );
  await replayVisits(plan, bookings, recorder, writer, timeline, log);
  await settleAfterBulkLoad(database, config);
  log('vacuumed and analysed');

  const showcase = plan[0] as PlannedClient;
  const practitioner = clinic.practitioners[showcase.practitioner] as SeededStaff;
  const types = clinic.catalogue.treatmentTypes;
  const everyones = types.find((t) => t.practitioners.length === clinic.practitioners.length);
  if (!everyones) throw new Error('no treatment that every practitioner performs');
  const dayAfter = (days: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  const appointmentsAhead = writer.counts.appointment - recorder.appointments.pastBooked;
  return {
    clinic: { created: clinic.created, name: clinic.name, ownerEmail: clinic.owner.email },
    staff: [clinic.owner, ...clinic.practitioners, ...clinic.receptionists].filter((s) => s.password),
    showcase: {
      clientId: showcase.id,
      practitionerId: practitioner.id,
      practitionerEmail: practitioner.email,
    },
    counts: writer.counts,
    window: { from: new Date(window.start).toISOString(), until: new Date(window.end).toISOString() },
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    searchFragments: searchFragments(random, plan, 200),
    agenda: {
      timeZone: schedule.timeZone,
      from: dayAfter(1),
      to: dayAfter(AGENDA_DAYS),
      everyonesTreatmentId: everyones.id,
      shortTreatmentIds: types.filter((t) => t.minutes === 30).map((t) => t.id),
      appointmentsAhead,
      pastAppointments: recorder.appointments.pastBooked,
      walkIns: recorder.appointments.walkIns,
      statementVersion: schedule.statement.version,
    },
  };
}

/**
 * When reception booked each appointment ahead: a working hour on one of the six weeks before
 * today, in booking order.
 */
function bookingTimes(random: Random, ahead: PlannedAppointment[], end: number) {
  const booked = ahead.map((planned) => {
    const day = end - random.number.int({ min: 1, max: 42 }) * DAY;
    return { planned, at: day + 8 * 60 * MINUTE + random.number.int(9 * 60) * MINUTE };
  });
  return booked.sort((a, b) => a.at - b.at);
}

/**
 * Every visit of every client in date order. Audit entries are released a day at a time, sorted,
 * so the chain runs forward in time like a real trail; the writer flushes between days.
 */
async function replayVisits(
  plan: PlannedClient[],
  bookings: { planned: PlannedAppointment; at: number }[],
  recorder: VisitRecorder,
  writer: BulkWriter,
  timeline: AuditTimeline,
  log: (line: string) => void,
): Promise<void> {
  const visits = plan.flatMap((client, c) => client.visits.map((at, v) => ({ at, c, v })));
  visits.sort((a, b) => a.at - b.at || a.c - b.c);
  const step = Math.max(1, Math.floor(visits.length / 10));
  let day = Number.NEGATIVE_INFINITY;
  let booked = 0;
  // Appointments ahead are booked on the day they were made, among that day's visits.
  const bookBefore = (time: number) => {
    for (; booked < bookings.length && (bookings[booked]?.at ?? 0) < time; booked++) {
      const { planned, at } = bookings[booked] as { planned: PlannedAppointment; at: number };
      recorder.bookAhead(planned, at);
    }
  };
  for (const [n, { at, c, v }] of visits.entries()) {
    const visitDay = Math.floor(at / DAY) * DAY;
    if (visitDay !== day) {
      bookBefore(visitDay);
      writer.audit(timeline.releaseBefore(visitDay));
      await writer.flushWhenFull();
      day = visitDay;
    }
    await recorder.visit(plan[c] as PlannedClient, v);
    if ((n + 1) % step === 0) log(`replayed ${n + 1} of ${visits.length} visits`);
  }
  bookBefore(Number.POSITIVE_INFINITY);
  writer.audit(timeline.releaseAll());
  await writer.finish();
}

function seedWindow(until: Date | undefined): SeedWindow {
  const end = until ?? new Date();
  const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const start = Date.UTC(end.getUTCFullYear() - YEARS, end.getUTCMonth(), end.getUTCDate());
  return { start, end: endDay };
}

/** The latest version of every intake form, as the owner's template page reads them. */
async function latestTemplates(
  context: AppContext,
  owner: SeededStaff,
): Promise<Map<string, TemplateVersion>> {
  const actor = staffActor(owner);
  const summaries = await context.intake.templates.list(actor, 'cli:seed');
  const versions = await Promise.all(
    summaries.map((s) => context.intake.templates.getVersion(actor, s.key, 'latest', 'cli:seed')),
  );
  return new Map(versions.map((version) => [version.key, version]));
}
