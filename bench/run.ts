/**
 * `npm run bench`: issue 7's benchmark. Seeds a fresh database with `vellum seed`'s generator,
 * starts the real server on it beside a bare reference app (bench-server.ts), and measures:
 *   1. client search by name fragment, 2. opening the showcase dossier (50 treatments, 100 photos),
 *   3. free times for one treatment, one week over HTTP and 60 days in-process (10 practitioners,
 *      the seeded agenda ahead),
 *   4. online bookings under concurrent load (booking-load.ts), 5. uploading a 12-megapixel photo,
 *   6. the retention run with 10% of the clients due, 7. `audit verify` over the whole trail,
 *   8. the showcase client's full export (zip and PDF) through the privacy portal,
 *   9. webshop checkout under concurrent load (shop-load.ts, against a fake Mollie),
 * with autocannon over HTTP (our throughput also as a fraction of the reference's) and tinybench
 * in-process; on PostgreSQL also `pgbench -S`. The retention run destroys clients, so it comes
 * last, after `audit verify`.
 *
 *   npm run bench -- [--quick] [--db pglite|postgres] [--clients N] [--json FILE] [--keep]
 *   npm run bench -- --scale [--clients 1000000] [--base 5000] [--quick] [--json FILE] [--keep]
 *
 * --quick is CI-sized (2,000 clients, 2-second runs, well under 3 minutes); the full run seeds
 * 100,000 clients. PostgreSQL: PG_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * gets a database vellum_bench_<random>, dropped at the end unless --keep. Results: a table on stdout
 * and JSON in bench/results/<timestamp>.json (or --json FILE). Nothing here asserts speed.
 *
 * --scale runs issue 16's scale row instead (scale.ts): on PostgreSQL, search and dossier at
 * --clients (default 1,000,000) against --base (default 5,000), and the seeding of the larger.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { buildContext } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/db/open';
import { type SeedResult, seedDatabase } from '../src/seed/seed';
import { bookingBodies, freeTimesToBook, measureBookings, referenceTimes } from './booking-load';
import { type HttpMeasurement, measureHttp, measureLoad, round } from './http-load';
import { measureAuditVerify, measureServices } from './in-process';
import { multipartPhoto, twelveMegapixelJpeg } from './large-photo';
import { measureDuringLongQuery } from './long-query';
import { describeMachine, type Machine } from './machine';
import { runPgbench } from './pgbench';
import { measureExport, measureRetention, portalToken } from './privacy-ops';
import { measureScale } from './scale';
import { type ScratchDatabase, scratchDatabase } from './scratch-database';
import { type BenchServer, startServer } from './server-process';
import { checkoutBodies, prepareShop, type ShopProduct, startBenchMollie } from './shop-load';
import { signIn } from './staff-session';
import { type Figures, type HttpFigure, judgeTargets, measurementTable, targetTable } from './targets';

const repoRoot = path.resolve(import.meta.dirname, '..');
const profiles = {
  quick: {
    clients: 2_000,
    seconds: 2,
    warmupSeconds: 1,
    uploadSeconds: 4,
    serviceMs: 1_000,
    verifyIterations: 1,
    photoIterations: 2,
    bookings: 20,
    checkouts: 40,
    exportRuns: 1,
  },
  full: {
    clients: 100_000,
    seconds: 10,
    warmupSeconds: 3,
    uploadSeconds: 15,
    serviceMs: 5_000,
    verifyIterations: 3,
    photoIterations: 6,
    bookings: 300,
    checkouts: 300,
    exportRuns: 3,
  },
};
type Profile = (typeof profiles)['full'];

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    db: { type: 'string', default: 'pglite' },
    clients: { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    base: { type: 'string' },
  },
});
if (options.db !== 'pglite' && options.db !== 'postgres') throw new Error('--db is pglite or postgres');
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const profile: Profile = {
  ...profiles[options.quick ? 'quick' : 'full'],
  ...(options.clients ? { clients: Number(options.clients) } : {}),
};
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const loadAverage = () => Number(os.loadavg()[0]?.toFixed(2));
const loadBefore = loadAverage();
const file =
  options.json ??
  path.join(repoRoot, 'bench', 'results', `${new Date().toISOString().replaceAll(':', '-')}.json`);

async function main(): Promise<void> {
  if (options.scale) return scaleRow();
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-'));
  const scratch = options.db === 'postgres' ? await scratchDatabase(serverUrl, 'vellum_bench') : undefined;
  const env = serverEnv(dataDir, scratch);
  try {
    const config = loadConfig(env);
    say(
      `seeding ${profile.clients.toLocaleString('en')} clients into ${scratch?.name ?? `PGlite in ${dataDir}`}`,
    );
    const { seeded, machine, token, shopProducts } = await seed(config);
    say(`seeded in ${seeded.seconds} s: ${seeded.counts.auditEntries.toLocaleString('en')} audit entries`);
    const jpeg = await twelveMegapixelJpeg();
    const http = await measureOverHttp(env, seeded, jpeg, token, shopProducts);
    writePartial({ seed: seeded.counts, http });
    const local = await measureInProcess(config, seeded, jpeg, (inProcess) =>
      writePartial({ seed: seeded.counts, http, ...inProcess }),
    );
    const pgbench = scratch
      ? await runPgbench(serverUrl, { seconds: 10, clients: 10, threads: 2, scale: 10 })
      : undefined;
    const figures: Figures = {
      clients: seeded.counts.client,
      database: options.db === 'postgres' ? 'postgres' : 'pglite',
      appointmentsAhead: seeded.agenda.appointmentsAhead,
      ...http,
      ...local,
      pgbench,
    };
    report(figures, seeded, machine, (performance.now() - started) / 1000);
  } finally {
    if (options.keep) say(`kept ${dataDir}${scratch ? ` and database ${scratch.name}` : ''}`);
    else {
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

function serverEnv(dataDir: string, scratch: ScratchDatabase | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VELLUM_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    // Each booking visitor comes from an address of their own (X-Forwarded-For): see booking-load.ts.
    VELLUM_TRUST_PROXY: 'true',
  };
  delete env.DATABASE_URL;
  if (scratch) env.DATABASE_URL = scratch.url;
  return env;
}

async function seed(
  config: Config,
): Promise<{ seeded: SeedResult; machine: Machine; token: string; shopProducts: ShopProduct[] }> {
  const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
  try {
    const seeded = await seedDatabase(database, config, {
      clients: profile.clients,
      seed: 7,
      photos: true,
      log: (line) => say(`  ${line}`),
    });
    say(
      `  agenda: ${seeded.agenda.appointmentsAhead.toLocaleString('en')} appointments from ${seeded.agenda.from} to ${seeded.agenda.to}, ${seeded.agenda.pastAppointments.toLocaleString('en')} past`,
    );
    // The showcase client asks for their privacy-portal link (valid for an hour): the export uses it.
    const token = await portalToken(buildContext({ config, database }), seeded.showcase.clientId);
    // The webshop on, with stock on the seeded home-use products, for the checkout load.
    const shopProducts = await prepareShop(database);
    return { seeded, machine: await describeMachine(database), token, shopProducts };
  } finally {
    await database.close();
    lock?.release();
  }
}

/** Starts bench-server.ts, signs in a receptionist and the showcase practitioner, runs the loads. */
async function measureOverHttp(
  env: NodeJS.ProcessEnv,
  seeded: SeedResult,
  jpeg: Buffer,
  token: string,
  shopProducts: ShopProduct[],
) {
  const mollie = await startBenchMollie();
  const server = await startServer({ ...env, ...mollie.env }).catch(async (error: unknown) => {
    await mollie.fake.close();
    throw error;
  });
  try {
    // First, while the portal link is fresh (it is valid for an hour).
    say('measuring the full export (zip, then PDF)');
    const fullExport = {
      zip: await measureExport(server.app, 'zip', token, profile.exportRuns),
      pdf: await measureExport(server.app, 'pdf', token, profile.exportRuns),
    };
    await server.settle();
    const member = (id: string) => seeded.staff.find((s) => s.id === id);
    const practitioner = await signIn(
      server.app,
      member(seeded.showcase.practitionerId) ?? fail('practitioner'),
    );
    const reception = await signIn(
      server.app,
      seeded.staff.find((s) => s.role === 'reception') ?? fail('reception'),
    );
    const load = (url: string, path: () => string, headers: Record<string, string> = {}) =>
      measureHttp({
        url,
        path,
        headers,
        connections: 10,
        seconds: profile.seconds,
        warmupSeconds: profile.warmupSeconds,
      });
    const fragments = cycle(seeded.searchFragments.map(encodeURIComponent));
    const clientId = seeded.showcase.clientId;

    say('measuring client search');
    const searchReference = await load(server.reference, () => `/search?q=${fragments()}`);
    const search = await load(server.app, () => `/api/clients?q=${fragments()}`, reception);
    const searchAsPractitioner = await load(server.app, () => `/api/clients?q=${fragments()}`, practitioner);
    say('measuring the showcase dossier');
    const dossierReference = await load(server.reference, () => `/dossier/${clientId}`);
    const dossier = await load(server.app, () => `/api/clients/${clientId}/dossier`, practitioner);
    const dossierPhotoSets = await load(
      server.app,
      () => `/api/clients/${clientId}/photo-sets`,
      practitioner,
    );
    say('measuring free times for one week');
    const agenda = seeded.agenda;
    const weekEnd = new Date(Date.parse(`${agenda.from}T00:00:00Z`) + 6 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const slotQuery = `treatmentTypeId=${agenda.everyonesTreatmentId}&from=${agenda.from}&to=${weekEnd}`;
    const slotsReference = await load(server.reference, () => `/slots?${slotQuery}`);
    const slots = await load(server.app, () => `/api/public/booking/slots?${slotQuery}`);
    say('measuring online bookings');
    const booking = await measureBookingLoad(server, seeded);
    say('measuring webshop checkouts');
    const checkout = await measureCheckoutLoad(server, seeded, shopProducts);
    say('measuring photo uploads');
    const photoUpload = await measureUpload(server, practitioner, clientId, jpeg);
    return {
      search: compared(search, searchReference),
      searchAsPractitioner: compared(searchAsPractitioner, searchReference),
      dossier: compared(dossier, dossierReference),
      dossierPhotoSets,
      slots: compared(slots, slotsReference),
      booking,
      checkout,
      photoUpload: { ...photoUpload, photoBytes: jpeg.length },
      fullExport,
    };
  } finally {
    await server.stop();
    await mollie.fake.close();
  }
}

/**
 * Bookings of the 30-minute treatments into the free times of the seeded agenda, 10 at a time; the
 * reference books as many into the empty days after it.
 */
async function measureBookingLoad(server: BenchServer, seeded: SeedResult) {
  const agenda = seeded.agenda;
  const times = await freeTimesToBook(server.app, agenda.shortTreatmentIds, agenda, profile.bookings);
  const practitionerIds = [...new Set(times.map((t) => t.practitionerId))];
  const dayAfter = new Date(Date.parse(agenda.to) + 86_400_000).toISOString().slice(0, 10);
  const typeId = agenda.shortTreatmentIds[0] ?? agenda.everyonesTreatmentId;
  const referenceBodies = bookingBodies(
    referenceTimes(practitionerIds, typeId, dayAfter, times.length),
    agenda.statementVersion,
    'reference',
  );
  const reference = await measureBookings(`${server.reference}/book`, referenceBodies, 10);
  await server.settle();
  const ours = await measureBookings(
    `${server.app}/api/public/bookings`,
    bookingBodies(times, agenda.statementVersion, 'online'),
    10,
  );
  await server.settle();
  return {
    ...ours,
    reference,
    fractionOfReference: round(ours.bookingsPerSecond / reference.bookingsPerSecond, 3),
  };
}

/**
 * Webshop checkouts (order and Mollie payment), 10 at a time; the reference inserts as many orders
 * first. The load average is taken as the run ends, for the report's note.
 */
async function measureCheckoutLoad(server: BenchServer, seeded: SeedResult, products: ShopProduct[]) {
  const version = seeded.agenda.statementVersion;
  const reference = await measureBookings(
    `${server.reference}/order`,
    checkoutBodies(products, version, 'reference', profile.checkouts),
    10,
  );
  await server.settle();
  const ours = await measureBookings(
    `${server.app}/api/public/shop/orders`,
    checkoutBodies(products, version, 'online', profile.checkouts),
    10,
  );
  const loadAverageAfter = loadAverage();
  await server.settle();
  return {
    attempted: ours.attempted,
    ordered: ours.booked,
    refused: ours.refused,
    errors: ours.errors,
    concurrency: ours.concurrency,
    seconds: ours.seconds,
    ordersPerSecond: ours.bookingsPerSecond,
    p50: ours.p50,
    p95: ours.p95,
    ...(ours.firstError ? { firstError: ours.firstError } : {}),
    reference: { ordersPerSecond: reference.bookingsPerSecond, p50: reference.p50, p95: reference.p95 },
    fractionOfReference: round(ours.bookingsPerSecond / reference.bookingsPerSecond, 3),
    referenceErrors: reference.errors,
    ...(reference.firstError ? { referenceFirstError: reference.firstError } : {}),
    loadAverage: loadAverageAfter,
  };
}

/** Uploads into a new photo set of the showcase client, two at a time (two cores). */
async function measureUpload(
  server: BenchServer,
  headers: Record<string, string>,
  clientId: string,
  jpeg: Buffer,
) {
  const created = await fetch(`${server.app}/api/clients/${clientId}/photo-sets`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ bodyArea: 'Benchmark' }),
  });
  if (created.status !== 201) throw new Error(`photo set: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const { body, contentType } = multipartPhoto(jpeg);
  return measureLoad({
    url: server.app,
    path: () => `/api/clients/${clientId}/photo-sets/${id}/photos`,
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body,
    connections: 2,
    seconds: profile.uploadSeconds,
    warmupSeconds: 0,
    settle: server.settle,
  });
}

async function measureInProcess(
  config: Config,
  seeded: SeedResult,
  jpeg: Buffer,
  beforeRetention: (figures: object) => void,
) {
  const { database, lock } = await openConfiguredDatabase(config);
  try {
    const context = buildContext({ config, database });
    say('measuring in-process: services, photo processing, audit verify');
    const inProcess = await measureServices(context, seeded, jpeg, {
      milliseconds: profile.serviceMs,
      photoIterations: profile.photoIterations,
    });
    const auditVerify = await measureAuditVerify(context, profile.verifyIterations);
    const longQuery = database.kind === 'pglite' ? await measureDuringLongQuery(config, database) : undefined;
    beforeRetention({ inProcess, auditVerify, longQuery });
    say('measuring the retention run (dry, then real: it destroys 10% of the clients)');
    const retention = await measureRetention(context);
    return { inProcess, auditVerify, retention, ...(longQuery ? { longQuery } : {}) };
  } finally {
    await database.close();
    lock?.release();
  }
}

function compared(ours: HttpMeasurement, reference: HttpMeasurement): HttpFigure {
  const fraction = ours.loaded.requestsPerSecond / reference.loaded.requestsPerSecond;
  return { ...ours, reference, fractionOfReference: round(fraction, 3) };
}

function report(figures: Figures, seeded: SeedResult, machine: Machine, seconds: number): void {
  const targets = judgeTargets(figures);
  const title = `Vellum benchmark on ${machine.database} — ${figures.clients.toLocaleString('en')} clients, ${options.quick ? 'quick' : 'full'} run, ${Math.round(seconds)} s`;
  const load = `1-minute load average ${loadBefore} before the run (other work on the machine), ${loadAverage()} at the end; ${machine.cpus} cores`;
  process.stdout.write(`\n${title}\n${load}\n\n${measurementTable(figures)}\n\n${targetTable(targets)}\n\n`);
  mkdirSync(path.dirname(file), { recursive: true });
  const loadAverages = { before: loadBefore, atEnd: loadAverage() };
  const run = { quick: options.quick, db: options.db, seconds: Math.round(seconds), loadAverages, profile };
  const seedSummary = {
    seconds: seeded.seconds,
    counts: seeded.counts,
    window: seeded.window,
    agenda: seeded.agenda,
  };
  writeFileSync(file, `${JSON.stringify({ run, machine, seed: seedSummary, figures, targets }, null, 2)}\n`);
  rmSync(`${file}.partial.json`, { force: true });
  say(`results written to ${path.relative(process.cwd(), file)}`);
}

/**
 * The seed plans the whole clinic in memory and keeps each client's cipher, care and next visit
 * while it replays three years: a million clients outgrow Node's default heap (4.3 GB on this 24 GB
 * machine), and near it garbage collection takes over — the first try went from 250 to 780 seconds
 * per tenth and stalled at 70%. The scale row runs itself again with room.
 */
const SCALE_HEAP_MB = 16_384;

/** The scale row (scale.ts) on PostgreSQL, with its own table and results file. */
async function scaleRow(): Promise<void> {
  if (v8.getHeapStatistics().heap_size_limit < (SCALE_HEAP_MB - 1024) * 2 ** 20) {
    say(`running again with --max-old-space-size=${SCALE_HEAP_MB}`);
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${SCALE_HEAP_MB}`, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: 'inherit' },
    );
    process.exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    return;
  }
  const started = performance.now();
  const figures = await measureScale({
    serverUrl,
    baseClients: Number(options.base ?? 5_000),
    scaleClients: Number(options.clients ?? 1_000_000),
    seconds: profile.seconds,
    warmupSeconds: profile.warmupSeconds,
    keep: options.keep,
    say,
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  const title = `Vellum scale row on PostgreSQL — ${figures.scale.clients.toLocaleString('en')} against ${figures.base.clients.toLocaleString('en')} clients, ${seconds} s`;
  const load = `1-minute load average ${loadBefore} before the run, ${loadAverage()} at the end; ${os.cpus().length} cores`;
  process.stdout.write(`\n${title}\n${load}\n\n${targetTable(figures.targets)}\n\n`);
  mkdirSync(path.dirname(file), { recursive: true });
  const run = { scale: true, seconds, loadAverages: { before: loadBefore, atEnd: loadAverage() }, profile };
  writeFileSync(file, `${JSON.stringify({ run, figures }, null, 2)}\n`);
  say(`results written to ${path.relative(process.cwd(), file)}`);
}

/** What is measured so far, beside the results file: a long run that is stopped keeps its figures. */
function writePartial(figures: object): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.partial.json`, `${JSON.stringify(figures, null, 2)}\n`);
}

function cycle<T>(values: T[]): () => T {
  let next = 0;
  return () => values[next++ % values.length] as T;
}

function fail(what: string): never {
  throw new Error(`the seed made no ${what} with credentials`);
}

await main();
