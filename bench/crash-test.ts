/**
 * `npm run crash-test [-- --db pglite|postgres] [--runs N]` (issue 13): does an answered booking
 * survive the server being killed? Sets up a clinic through the `vellum` command (`setup`, then
 * `seed --clients 5` for the team, the bookable treatments, the working hours and the privacy
 * statement) in a temporary data folder — on PostgreSQL also in a fresh database on PG_SERVER_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end. Then, each run:
 *
 *   1. visitors book free times concurrently through the public booking endpoint (each from its own
 *      address, so the per-address throttle stays as it is and is not what is measured);
 *   2. at a random moment the server gets SIGKILL — no shutdown, requests in flight;
 *   3. every booking that was answered 201 is looked up in the database by its appointment id (a
 *      missing one is a lost acknowledged write), and `vellum audit verify` checks the audit trail's
 *      hash chain and anchors;
 *   4. the server is started again: a restart fails when it exits or does not answer /api/health.
 * On PGlite the check in 3 is the first open after the kill (it replays the WAL as the app's start
 * would; the data folder is one process's); on PostgreSQL the app restarts first and 3 reads beside it.
 *
 * Prints a summary and exits 1 when an acknowledged booking was lost, a restart failed or the audit
 * trail did not verify. PGlite is the interesting case: a PostgreSQL server is not killed, only the
 * app in front of it.
 *
 * `--instances N` (PostgreSQL, issue 17): N app instances on the one database behind a round-robin
 * proxy (test/support/instances.ts); each run kills one of them while the visitors keep booking
 * through the proxy, so the others go on answering for a second before the check. A request the
 * killed instance was holding answers 502 from the proxy: no promise was made, counted as cut off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteExtensions } from '../src/db/connection';
import { lockDataDir } from '../src/db/data-dir-lock';
import { durablePgliteOptions } from '../src/db/pglite-durability';
import { startRoundRobinProxy } from '../test/support/instances';
import type { BookingBody } from './booking-load';
import { type ScratchDatabase, scratchDatabase } from './scratch-database';
import { bookableTimes, type Server, setUpClinic, sleep, startServer } from './vellum-server';

let address = 0;

const { values: options } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    /** The kill comes at a random moment 0.2 s to this many seconds after the run's first answer. */
    'max-seconds': { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
  },
});
const database = options.db;
if (database !== 'pglite' && database !== 'postgres') fail('--db must be pglite or postgres');
const runs = positive('runs');
const concurrency = positive('concurrency');
const maxSeconds = Number(options['max-seconds']);
const instanceCount = positive('instances');
if (instanceCount > 1 && database !== 'postgres')
  fail('--instances needs --db postgres (PGlite is one process)');

type Totals = {
  runs: number;
  acknowledged: number;
  lost: number;
  /** Answers other than 201 (409 a taken time, 429 the throttle, 5xx): not acknowledged writes. */
  refused: number;
  /** Requests the kill cut off: no answer, so nothing was promised. */
  cutOff: number;
  restartsFailed: number;
  auditFailures: number;
  restartSeconds: number[];
};

const totals: Totals = {
  runs: 0,
  acknowledged: 0,
  lost: 0,
  refused: 0,
  cutOff: 0,
  restartsFailed: 0,
  auditFailures: 0,
  restartSeconds: [],
};
const started = performance.now();
const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-crash-'));
let scratch: ScratchDatabase | undefined;
let server: Server | undefined;
/** With --instances: every instance (server is the first), and the proxy in front of them. */
const servers: Server[] = [];
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;

try {
  if (database === 'postgres') {
    scratch = await scratchDatabase(
      process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      'vellum_crash',
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    VELLUM_DATA_DIR: dataDir,
    VELLUM_TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL: scratch?.url,
  };
  if (!scratch) delete env.DATABASE_URL;
  say(`${database}: setting up a clinic in ${scratch ? `database ${scratch.name}` : dataDir}`);
  await setUpClinic(env, dataDir);

  server = await startServer(instanceEnv(env, 0));
  if (!server) throw new Error('the server did not start after setup');
  servers.push(server);
  for (let i = 1; i < instanceCount; i++) servers.push(await restart(instanceEnv(env, i)));
  const bodies = await bookableTimes(server.url, runs * 600);
  say(
    `${bodies.length} free times to book; ${runs} runs, ${concurrency} visitors at a time` +
      (instanceCount > 1 ? `, ${instanceCount} instances behind a round-robin proxy` : ''),
  );
  let next = 0;
  for (let run = 1; run <= runs; run++) {
    const killAfter = 200 + Math.random() * (maxSeconds * 1000 - 200);
    if (!server) throw new Error('no server to book through');
    if (instanceCount > 1) proxy = await startRoundRobinProxy(servers.map((one) => one.url));
    const stopLoad = { now: false };
    const load = bookUntilKilled(proxy?.url ?? server.url, bodies, () => next++, stopLoad);
    // The clock starts at the first answer: a just-started server's first bookings are slow (cold
    // code paths), and a kill before any answer would test nothing.
    await Promise.race([load.firstAnswer, sleep(120_000)]);
    await sleep(killAfter);
    const victim = (run - 1) % servers.length;
    servers[victim]?.kill();
    await servers[victim]?.exited;
    // The other instances keep answering through the proxy for a second.
    if (instanceCount > 1) await sleep(1_000);
    stopLoad.now = true;
    const result = await load.done;
    await proxy?.close();
    if (instanceCount > 1) {
      const restarted = await restart(instanceEnv(env, victim));
      servers[victim] = restarted;
      server = servers[0];
      const survivors = servers.length - 1;
      totals.runs += 1;
      totals.acknowledged += result.acknowledged.length;
      totals.refused += result.refused;
      totals.cutOff += result.cutOff;
      const missing = await missingAppointments(result.acknowledged, scratch?.url);
      const audit = await auditVerify(env);
      totals.lost += missing.length;
      if (audit.code !== 0) totals.auditFailures += 1;
      say(
        `run ${run}: killed instance ${victim + 1} of ${servers.length} after ${(killAfter / 1000).toFixed(1)} s ` +
          `(${survivors} kept answering); ${result.acknowledged.length} answered 201, ${missing.length} lost, ` +
          `${result.cutOff} cut off (answers: ${JSON.stringify(result.statuses)}); audit verify ${audit.code === 0 ? 'ok' : `FAILED: ${audit.output.trim()}`}`,
      );
      if (missing.length > 0) say(`  lost appointment ids: ${missing.join(', ')}`);
      continue;
    }
    totals.runs += 1;
    totals.acknowledged += result.acknowledged.length;
    totals.refused += result.refused;
    totals.cutOff += result.cutOff;

    let missing: string[];
    let audit: { code: number; output: string };
    if (scratch) {
      // The PostgreSQL server was not killed, only the app: start it again, then read the database
      // beside it; the restarted app serves the next run.
      server = await restart(env);
      servers[0] = server;
      missing = await missingAppointments(result.acknowledged, scratch.url);
      audit = await auditVerify(env);
    } else {
      // PGlite is one process's database: the first open after the kill is the check itself (it
      // replays the WAL, as the app's start would), then the audit verification, then the app's
      // restart, which serves the next run.
      missing = await missingAppointments(result.acknowledged, undefined);
      audit = await auditVerify(env);
      server = await restart(env);
      servers[0] = server;
    }
    totals.lost += missing.length;
    if (audit.code !== 0) totals.auditFailures += 1;
    say(
      `run ${run}: killed after ${(killAfter / 1000).toFixed(1)} s; ${result.acknowledged.length} answered 201, ` +
        `${missing.length} lost, ${result.cutOff} cut off; audit verify ${audit.code === 0 ? 'ok' : `FAILED: ${audit.output.trim()}`}`,
    );
    if (missing.length > 0) say(`  lost appointment ids: ${missing.join(', ')}`);
  }
} finally {
  await proxy?.close().catch(() => {});
  for (const one of new Set([server, ...servers])) await one?.stop().catch(() => {});
  await scratch?.drop().catch((error) => say(`could not drop ${scratch?.name}: ${error}`));
  if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  else say(`kept ${dataDir}`);
}

const restarts = totals.restartSeconds;
const summary = {
  database,
  instances: instanceCount,
  node: process.version,
  runs: totals.runs,
  acknowledgedWrites: totals.acknowledged,
  lost: totals.lost,
  restartsFailed: totals.restartsFailed,
  auditVerifyFailures: totals.auditFailures,
  refused: totals.refused,
  cutOffByKill: totals.cutOff,
  restartSecondsMedian: restarts.length
    ? Number(restarts.sort((a, b) => a - b)[Math.floor(restarts.length / 2)]?.toFixed(1))
    : null,
  seconds: Math.round((performance.now() - started) / 1000),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
const failed = totals.lost > 0 || totals.restartsFailed > 0 || totals.auditFailures > 0;
say(failed ? 'FAILED' : 'no acknowledged booking lost, every restart clean, every audit verify passed');
process.exit(failed ? 1 : 0);

/** Starts the server after a kill; a start that fails is counted, and tried once more. */
async function restart(env: NodeJS.ProcessEnv): Promise<Server> {
  const restartStarted = performance.now();
  const restarted = await startServer(env);
  if (restarted) {
    totals.restartSeconds.push((performance.now() - restartStarted) / 1000);
    return restarted;
  }
  totals.restartsFailed += 1;
  say('the restart failed; trying once more');
  const again = await startServer(env);
  if (!again) throw new Error('the server did not start twice in a row');
  return again;
}

/** `vellum audit verify`, in this process (its command function, not a second Node start). */
async function auditVerify(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const { runCli } = await import('../src/cli');
  Object.assign(process.env, { VELLUM_DATA_DIR: env.VELLUM_DATA_DIR });
  if (env.DATABASE_URL) process.env.DATABASE_URL = env.DATABASE_URL;
  else delete process.env.DATABASE_URL;
  const write = process.stdout.write.bind(process.stdout);
  const errors = process.stderr.write.bind(process.stderr);
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    return { code: await runCli(['audit', 'verify']), output };
  } catch (error) {
    return { code: 1, output: `${output}${error}` };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errors;
  }
}

type LoadResult = {
  acknowledged: string[];
  refused: number;
  cutOff: number;
  statuses: Record<number, number>;
};

/** `concurrency` visitors booking back to back until the server stops answering; its first answer. */
function bookUntilKilled(
  url: string,
  bodies: BookingBody[],
  take: () => number,
  stop: { now: boolean },
): { firstAnswer: Promise<void>; done: Promise<LoadResult> } {
  const result: LoadResult = { acknowledged: [], refused: 0, cutOff: 0, statuses: {} };
  let dead = false;
  let answered = () => {};
  const firstAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const done = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!dead && !stop.now) {
        const body = bodies[take()];
        if (!body) throw new Error('ran out of free times to book: use fewer runs');
        try {
          const response = await fetch(`${url}/api/public/bookings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          answered();
          result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
          if (response.status === 201)
            result.acknowledged.push((JSON.parse(text) as { appointmentId: string }).appointmentId);
          // The proxy's answer for a request the killed instance held: no promise was made.
          else if (response.status === 502 && instanceCount > 1) result.cutOff += 1;
          else result.refused += 1;
        } catch (error) {
          if (!(error instanceof TypeError && error.message === 'fetch failed')) throw error;
          // The connection died with the server: no answer, so no promise was made.
          result.cutOff += 1;
          dead = true;
        }
      }
    }),
  ).then(() => result);
  return { firstAnswer, done };
}

/** The acknowledged appointment ids that are not in the database, read as its owner. */
async function missingAppointments(ids: string[], databaseUrl: string | undefined): Promise<string[]> {
  const query = 'select id::text from appointment where id = any($1::uuid[])';
  let found: string[];
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      found = (await client.query<{ id: string }>(query, [ids])).rows.map((r) => r.id);
    } finally {
      await client.end();
    }
  } else {
    const lock = lockDataDir(dataDir);
    const pgdata = path.join(dataDir, 'pgdata');
    try {
      const db = await PGlite.create(pgdata, {
        ...durablePgliteOptions(pgdata),
        extensions: pgliteExtensions,
      });
      try {
        found = (await db.query<{ id: string }>(query, [ids])).rows.map((r) => r.id);
      } finally {
        await db.close();
      }
    } finally {
      lock.release();
    }
  }
  const present = new Set(found);
  return ids.filter((id) => !present.has(id));
}

/** A different network address for every request (10.0.0.1, 10.0.0.2, …). */
function nextAddress(): string {
  address += 1;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

/** The environment of instance `index` (0 is the first): its own name in /api/health. */
function instanceEnv(env: NodeJS.ProcessEnv, index: number): NodeJS.ProcessEnv {
  if (instanceCount === 1) return env;
  // Two hops: the proxy appends the load generator's own address after the visitor's (the
  // throttle must see the visitor, as behind a real load balancer that trusts its edge).
  return {
    ...env,
    VELLUM_TRUST_PROXY: '2',
    VELLUM_INSTANCE_ID: `instance-${String.fromCharCode(97 + index)}`,
  };
}

function positive(name: 'runs' | 'concurrency' | 'instances'): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive whole number`);
  return value;
}

function say(line: string): void {
  process.stderr.write(`crash-test: ${line}\n`);
}

function fail(message: string): never {
  say(message);
  process.exit(2);
}
