/**
 * The scale row (issue 16): the same clinic seeded at two sizes on PostgreSQL — the base (5,000
 * clients) and the scale (1,000,000) — each in a scratch database of its own, the real server
 * started on it, and client search (as reception) and the showcase dossier measured there exactly
 * as the main run measures them. Target: the p95 of each at the scale is at most three times its
 * p95 at the base. Seeding the scale is the other half of the row: 1,000,000 clients in under
 * 30 minutes. Without photos for ordinary clients (the showcase client always has its 100): 3.3
 * million photo files would measure the disk, not the database.
 *
 *   npm run bench -- --scale [--clients 1000000] [--base 5000] [--quick] [--keep]
 *
 * Runs on PostgreSQL only (`--db` is ignored): that is what the target names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { openPostgres } from '../src/db/connection';
import { seedDatabase } from '../src/seed/seed';
import { type HttpMeasurement, measureHttp } from './http-load';
import { scratchDatabase } from './scratch-database';
import { startServer } from './server-process';
import { signIn } from './staff-session';
import { judgeScale, type ScaleFigures, type ScalePoint } from './targets';

export type ScaleOptions = {
  serverUrl: string;
  baseClients: number;
  scaleClients: number;
  seconds: number;
  warmupSeconds: number;
  keep: boolean;
  say: (line: string) => void;
};

export async function measureScale(options: ScaleOptions): Promise<ScaleFigures> {
  const base = await measurePoint(options, options.baseClients);
  const scale = await measurePoint(options, options.scaleClients);
  return { base, scale, targets: judgeScale(base, scale) };
}

async function measurePoint(options: ScaleOptions, clients: number): Promise<ScalePoint> {
  const { say } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-scale-'));
  const scratch = await scratchDatabase(options.serverUrl, 'vellum_scale');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VELLUM_DATA_DIR: dataDir,
    DATABASE_URL: scratch.url,
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  };
  try {
    const config = loadConfig(env);
    say(`seeding ${clients.toLocaleString('en')} clients into ${scratch.name}`);
    const loadBefore = loadAverage();
    const database = await openPostgres(scratch.url, { poolSize: config.databasePoolSize });
    const seeded = await (async () => {
      try {
        return await seedDatabase(database, config, {
          clients,
          seed: 7,
          photos: false,
          log: (line) => say(`  ${line}`),
        });
      } finally {
        await database.close();
      }
    })();
    const seedLoad = { before: loadBefore, atEnd: loadAverage() };
    say(`seeded in ${seeded.seconds} s (load average ${seedLoad.before} → ${seedLoad.atEnd})`);
    const server = await startServer(env);
    try {
      const member = (role: string, id?: string) =>
        seeded.staff.find((s) => (id ? s.id === id : s.role === role)) ??
        fail(`the seed made no ${role} with credentials`);
      const reception = await signIn(server.app, member('reception'));
      const practitioner = await signIn(server.app, member('practitioner', seeded.showcase.practitionerId));
      const fragments = cycle(seeded.searchFragments.map(encodeURIComponent));
      const load = (path: () => string, headers: Record<string, string>) =>
        measureHttp({
          url: server.app,
          path,
          headers,
          connections: 10,
          seconds: options.seconds,
          warmupSeconds: options.warmupSeconds,
          settle: server.settle,
        });
      const loadBeforeHttp = loadAverage();
      say(`measuring client search and the showcase dossier at ${clients.toLocaleString('en')}`);
      const search: HttpMeasurement = await load(() => `/api/clients?q=${fragments()}`, reception);
      const dossier: HttpMeasurement = await load(
        () => `/api/clients/${seeded.showcase.clientId}/dossier`,
        practitioner,
      );
      return {
        clients: seeded.counts.client,
        auditEntries: seeded.counts.auditEntries,
        seedSeconds: seeded.seconds,
        seedLoad,
        search,
        dossier,
        httpLoad: { before: loadBeforeHttp, atEnd: loadAverage() },
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (options.keep) say(`kept ${dataDir} (keys in ${dataDir}.keys) and database ${scratch.name}`);
    else {
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
      // The master key and the registers live beside the data folder (config.ts: `<data>.keys`).
      rmSync(`${dataDir}.keys`, { recursive: true, force: true });
    }
  }
}

const loadAverage = () => Number(os.loadavg()[0]?.toFixed(2));

function cycle<T>(values: T[]): () => T {
  let next = 0;
  return () => values[next++ % values.length] as T;
}

function fail(what: string): never {
  throw new Error(what);
}
