/**
 * Issue 16's row "PGlite: a 1-second query running — health and static answers p99 ≤ 20 ms
 * meanwhile". The real app listens on a port in this process, on the given database; while
 * `select pg_sleep(1)` runs (three in a row) two visitors ask, one request at a time each, for
 * `/api/health` and for a static file. Only the requests that start while a long query runs count.
 *
 * Alone: `node --import tsx bench/long-query.ts` measures PGlite in its worker thread and, for
 * comparison, on the server's thread (VELLUM_PGLITE_WORKER=off's mode), each in a fresh data folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { type Database, openPglite } from '../src/db/connection';

export type LongQueryFigure = {
  longQueries: number;
  requests: number;
  health: { p50: number; p99: number; max: number; count: number };
  staticFile: { p50: number; p99: number; max: number; count: number };
};

const LONG_QUERIES = 3;
const ASSET = 'bench-long-query.js';

export async function measureDuringLongQuery(config: Config, database: Database): Promise<LongQueryFigure> {
  const webDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  writeFileSync(path.join(webDir, 'assets', ASSET), 'console.log(1)');
  const app = await buildApp({ config: { ...config, webDir }, database, logger: false });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    let running = false;
    let stop = false;
    const samples = { health: [] as number[], staticFile: [] as number[] };
    const visitor = async (target: string, into: number[]) => {
      while (!stop) {
        const during = running;
        const started = performance.now();
        const response = await fetch(target);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${target} answered ${response.status}`);
        if (during) into.push(performance.now() - started);
      }
    };
    const visitors = [
      visitor(`${url}/api/health`, samples.health),
      visitor(`${url}/assets/${ASSET}`, samples.staticFile),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300)); // warm up
    for (let i = 0; i < LONG_QUERIES; i++) {
      running = true;
      await database.db.execute(sql`select pg_sleep(1)`);
      running = false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop = true;
    await Promise.all(visitors);
    return {
      longQueries: LONG_QUERIES,
      requests: samples.health.length + samples.staticFile.length,
      health: summary(samples.health),
      staticFile: summary(samples.staticFile),
    };
  } finally {
    await app.close();
    rmSync(webDir, { recursive: true, force: true });
  }
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted.at(-1) ?? Number.NaN), count: sorted.length };
}

const round = (value: number) => Math.round(value * 10) / 10;

async function alone(): Promise<void> {
  const rows: string[] = [];
  for (const inWorker of [true, false]) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-long-query-'));
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', VELLUM_DATA_DIR: dataDir });
    const database = await openPglite(path.join(dataDir, 'pgdata'), { inWorker });
    try {
      const load = loadavg()[0]?.toFixed(2);
      const f = await measureDuringLongQuery(config, database);
      if (f.requests === 0) {
        rows.push(
          `${inWorker ? 'worker thread ' : "server's thread"} | no request could start while a long query ran (the thread was blocked) | load ${load}`,
        );
        continue;
      }
      rows.push(
        `${inWorker ? 'worker thread ' : "server's thread"} | health p50 ${f.health.p50} ms, p99 ${f.health.p99} ms, max ${f.health.max} ms (${f.health.count}) | static p50 ${f.staticFile.p50} ms, p99 ${f.staticFile.p99} ms, max ${f.staticFile.max} ms (${f.staticFile.count}) | load ${load}`,
      );
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    `PGlite, ${LONG_QUERIES} × select pg_sleep(1), requests that started during one:\n${rows.join('\n')}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await alone();
