/**
 * Issue 17: opening the showcase dossier and online bookings with one and with two app instances on
 * the same PostgreSQL database. Each instance is its own process (bench-server.ts, its own pool of
 * DATABASE_POOL_SIZE connections); both configurations go through the same round-robin proxy
 * (test/support/instances.ts), so only the number of instances differs. The visitors' addresses come
 * in X-Forwarded-For as in the main benchmark, the proxy appends its caller's: two trusted hops.
 *
 *   node --import tsx bench/instances.ts [--clients N] [--seconds S] [--bookings N]
 *
 * PostgreSQL only (PG_SERVER_URL, default postgres://postgres@127.0.0.1:5432/postgres); the embedded
 * database is one process by design. Prints one JSON object with the figures and the load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/db/open';
import { seedDatabase } from '../src/seed/seed';
import { startRoundRobinProxy } from '../test/support/instances';
import { bookingBodies, freeTimesToBook, measureBookings } from './booking-load';
import { measureHttp, round } from './http-load';
import { scratchDatabase } from './scratch-database';
import { type BenchServer, startServer } from './server-process';
import { signIn } from './staff-session';

const { values: options } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '3' },
    bookings: { type: 'string', default: '60' },
  },
});
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const loadAverage = () => os.loadavg().map((n) => Number(n.toFixed(2)));

const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-instances-'));
const scratch = await scratchDatabase(serverUrl, 'vellum_bench_instances');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  VELLUM_DATA_DIR: dataDir,
  DATABASE_URL: scratch.url,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  VELLUM_TRUST_PROXY: '2',
};
const loadBefore = loadAverage();
try {
  const config = loadConfig(env);
  say(`seeding ${options.clients} clients into ${scratch.name}`);
  const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
  const seeded = await seedDatabase(database, config, {
    clients: Number(options.clients),
    seed: 7,
    photos: true,
    log: (line) => say(`  ${line}`),
  }).finally(async () => {
    await database.close();
    lock?.release();
  });
  const results: Record<string, unknown> = {};
  for (const count of [1, 2]) {
    const servers: BenchServer[] = [];
    for (let i = 0; i < count; i++)
      servers.push(await startServer({ ...env, VELLUM_INSTANCE_ID: `bench-${i}` }));
    const proxy = await startRoundRobinProxy(servers.map((s) => s.app));
    const settle = async () => {
      for (const server of servers) await server.settle();
    };
    try {
      const practitioner = await signIn(
        proxy.url,
        seeded.staff.find((s) => s.id === seeded.showcase.practitionerId) ?? fail('practitioner'),
      );
      say(`${count} instance(s): the showcase dossier`);
      const dossier = await measureHttp({
        url: proxy.url,
        path: () => `/api/clients/${seeded.showcase.clientId}/dossier`,
        headers: practitioner,
        connections: 10,
        seconds: Number(options.seconds),
        warmupSeconds: 1,
        settle,
      });
      say(`${count} instance(s): online bookings`);
      const agenda = seeded.agenda;
      const times = await freeTimesToBook(
        proxy.url,
        agenda.shortTreatmentIds,
        agenda,
        Number(options.bookings),
      );
      const bookings = await measureBookings(
        `${proxy.url}/api/public/bookings`,
        bookingBodies(times, agenda.statementVersion, `instances-${count}`),
        10,
      );
      await settle();
      results[`${count} instance${count > 1 ? 's' : ''}`] = {
        dossier: {
          single: { p50: dossier.single.p50, p95: dossier.single.p95 },
          loaded: {
            requestsPerSecond: round(dossier.loaded.requestsPerSecond, 1),
            p95: dossier.loaded.p95,
            errors: dossier.loaded.errors,
          },
        },
        bookings,
        servedPerInstance: proxy.served,
        loadAverage: loadAverage(),
      };
    } finally {
      await proxy.close();
      for (const server of servers) await server.stop();
    }
  }
  process.stdout.write(
    `${JSON.stringify({ clients: seeded.counts.client, cores: os.cpus().length, loadBefore, results }, null, 2)}\n`,
  );
} finally {
  await scratch.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

function fail(what: string): never {
  throw new Error(`no seeded ${what}`);
}
