/**
 * `npm run bench`: issue 7's benchmark. Seeds a fresh database with `vellum seed`'s generator,
 * starts the real server on it beside a bare reference app (bench-server.ts), and measures:
 *   1. client search by name fragment, 2. opening the showcase dossier (50 treatments, 100 photos),
 *   5. uploading a 12-megapixel photo, 7. `audit verify` over the whole trail,
 * with autocannon over HTTP (our throughput also as a fraction of the reference's) and tinybench
 * in-process; on PostgreSQL also `pgbench -S`. Free slots, booking, the retention run and the full
 * export are the second half of issue 7 (the seed writes no schedules, appointments or consents
 * yet); the report names them as not yet measurable.
 *
 *   npm run bench -- [--quick] [--db pglite|postgres] [--clients N] [--json FILE] [--keep]
 *
 * --quick is CI-sized (2,000 clients, 3-second runs, well under 3 minutes); the full run seeds
 * 100,000 clients. PostgreSQL: PG_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * gets a database vellum_bench_<random>, dropped at the end unless --keep. Results: a table on stdout
 * and JSON in bench/results/<timestamp>.json (or --json FILE). Nothing here asserts speed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildContext } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/db/open';
import { type SeedResult, seedDatabase } from '../src/seed/seed';
import { type HttpMeasurement, measureHttp, measureLoad, round } from './http-load';
import { measureAuditVerify, measureServices } from './in-process';
import { multipartPhoto, twelveMegapixelJpeg } from './large-photo';
import { describeMachine, type Machine } from './machine';
import { runPgbench } from './pgbench';
import { type ScratchDatabase, scratchDatabase } from './scratch-database';
import { type BenchServer, startServer } from './server-process';
import { signIn } from './staff-session';
import { type Figures, type HttpFigure, judgeTargets, measurementTable, targetTable } from './targets';

const repoRoot = path.resolve(import.meta.dirname, '..');
const profiles = {
  quick: {
    clients: 2_000,
    seconds: 3,
    warmupSeconds: 1,
    uploadSeconds: 4,
    serviceMs: 1_000,
    verifyIterations: 1,
    photoIterations: 2,
  },
  full: {
    clients: 100_000,
    seconds: 10,
    warmupSeconds: 3,
    uploadSeconds: 15,
    serviceMs: 5_000,
    verifyIterations: 3,
    photoIterations: 6,
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

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-'));
  const scratch = options.db === 'postgres' ? await scratchDatabase(serverUrl, 'vellum_bench') : undefined;
  const env = serverEnv(dataDir, scratch);
  try {
    const config = loadConfig(env);
    say(
      `seeding ${profile.clients.toLocaleString('en')} clients into ${scratch?.name ?? `PGlite in ${dataDir}`}`,
    );
    const { seeded, machine } = await seed(config);
    say(`seeded in ${seeded.seconds} s: ${seeded.counts.auditEntries.toLocaleString('en')} audit entries`);
    const jpeg = await twelveMegapixelJpeg();
    const http = await measureOverHttp(env, seeded, jpeg);
    const local = await measureInProcess(config, seeded, jpeg);
    const pgbench = scratch
      ? await runPgbench(serverUrl, { seconds: 10, clients: 10, threads: 2, scale: 10 })
      : undefined;
    const figures: Figures = { clients: seeded.counts.client, ...http, ...local, pgbench };
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
  };
  delete env.DATABASE_URL;
  if (scratch) env.DATABASE_URL = scratch.url;
  return env;
}

async function seed(config: Config): Promise<{ seeded: SeedResult; machine: Machine }> {
  const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
  try {
    const seeded = await seedDatabase(database, config, {
      clients: profile.clients,
      seed: 7,
      photos: true,
      log: (line) => say(`  ${line}`),
    });
    return { seeded, machine: await describeMachine(database) };
  } finally {
    await database.close();
    lock?.release();
  }
}

/** Starts bench-server.ts, signs in a receptionist and the showcase practitioner, runs the loads. */
async function measureOverHttp(env: NodeJS.ProcessEnv, seeded: SeedResult, jpeg: Buffer) {
  const server = await startServer(env);
  try {
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
    say('measuring photo uploads');
    const photoUpload = await measureUpload(server, practitioner, clientId, jpeg);
    return {
      search: compared(search, searchReference),
      searchAsPractitioner: compared(searchAsPractitioner, searchReference),
      dossier: compared(dossier, dossierReference),
      dossierPhotoSets,
      photoUpload: { ...photoUpload, photoBytes: jpeg.length },
    };
  } finally {
    await server.stop();
  }
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

async function measureInProcess(config: Config, seeded: SeedResult, jpeg: Buffer) {
  const { database, lock } = await openConfiguredDatabase(config);
  try {
    const context = buildContext({ config, database });
    say('measuring in-process: services, photo processing, audit verify');
    const inProcess = await measureServices(context, seeded, jpeg, {
      milliseconds: profile.serviceMs,
      photoIterations: profile.photoIterations,
    });
    const auditVerify = await measureAuditVerify(context, profile.verifyIterations);
    return { inProcess, auditVerify };
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
  const file =
    options.json ??
    path.join(repoRoot, 'bench', 'results', `${new Date().toISOString().replaceAll(':', '-')}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const loadAverages = { before: loadBefore, atEnd: loadAverage() };
  const run = { quick: options.quick, db: options.db, seconds: Math.round(seconds), loadAverages, profile };
  const seedSummary = { seconds: seeded.seconds, counts: seeded.counts, window: seeded.window };
  writeFileSync(file, `${JSON.stringify({ run, machine, seed: seedSummary, figures, targets }, null, 2)}\n`);
  say(`results written to ${path.relative(process.cwd(), file)}`);
}

function cycle<T>(values: T[]): () => T {
  let next = 0;
  return () => values[next++ % values.length] as T;
}

function fail(what: string): never {
  throw new Error(`the seed made no ${what} with credentials`);
}

await main();
