/**
 * `node --import tsx bench/pglite-durability.ts [--bookings N] [--rounds R]` (issue 13): online
 * bookings per second on embedded PGlite as shipped (fsync off) and with VELLUM_PGLITE_FSYNC=on
 * (src/db/pglite-durability.ts: the WAL flushed to stable storage before each commit returns).
 *
 * One clinic is set up through the `vellum` command; each trial books into a fresh copy of that data
 * folder, on a freshly started server, after a few warm-up bookings, `concurrency` visitors at a time
 * (each from its own address). Rounds alternate off/on so that both see the same machine load, which
 * on a shared machine moves more than the difference measured; the load average is printed.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureBookings } from './booking-load';
import { bookableTimes, setUpClinic, startServer } from './vellum-server';

const { values } = parseArgs({
  options: {
    bookings: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '8' },
  },
});
const bookings = Number(values.bookings);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const WARM_UP = 10;

const template = mkdtempSync(path.join(tmpdir(), 'vellum-durability-'));
const base: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  VELLUM_TRUST_PROXY: 'true',
  LOG_LEVEL: 'warn',
};
delete base.DATABASE_URL;
const results: { fsync: string; bookingsPerSecond: number; p50: number; p95: number; load: number }[] = [];
try {
  await setUpClinic({ ...base, VELLUM_DATA_DIR: template }, template);
  for (let round = 1; round <= rounds; round++) {
    for (const fsync of ['off', 'on']) {
      const dataDir = mkdtempSync(path.join(tmpdir(), `vellum-durability-${fsync}-`));
      cpSync(template, dataDir, { recursive: true });
      const server = await startServer({ ...base, VELLUM_DATA_DIR: dataDir, VELLUM_PGLITE_FSYNC: fsync });
      if (!server) throw new Error(`the server did not start with VELLUM_PGLITE_FSYNC=${fsync}`);
      try {
        const bodies = await bookableTimes(server.url, WARM_UP + bookings);
        const url = `${server.url}/api/public/bookings`;
        await measureBookings(url, bodies.slice(0, WARM_UP), concurrency);
        const load = loadavg()[0] ?? 0;
        const measured = await measureBookings(url, bodies.slice(WARM_UP), concurrency);
        if (measured.errors > 0) throw new Error(`booking failed: ${measured.firstError}`);
        const row = {
          fsync,
          bookingsPerSecond: measured.bookingsPerSecond,
          p50: measured.p50,
          p95: measured.p95,
          load: Math.round(load * 10) / 10,
        };
        results.push(row);
        process.stderr.write(`round ${round}: ${JSON.stringify(row)}\n`);
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
} finally {
  rmSync(template, { recursive: true, force: true });
}
const median = (fsync: string) => {
  const rates = results
    .filter((r) => r.fsync === fsync)
    .map((r) => r.bookingsPerSecond)
    .sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? Number.NaN;
};
process.stdout.write(
  `${JSON.stringify({ node: process.version, bookings, concurrency, rounds, medianOff: median('off'), medianOn: median('on'), results })}\n`,
);
// Fetch's idle keep-alive sockets would hold the process open for a while after the last trial.
process.exit(0);
