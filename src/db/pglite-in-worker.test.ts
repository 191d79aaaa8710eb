import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aTestApp, type TestApp, testConfig } from '../../test/support/app';
import { type Database, DatabaseUnavailable, openPglite } from './connection';
import { PgliteInWorker } from './pglite-in-worker';

// PGlite only: on a server every request has its own connection anyway.
const onPglite = !process.env.TEST_DATABASE_URL;

function aBuiltWebApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vellum-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  return dir;
}

const template = () => new Blob([readFileSync(inject('pgliteTemplate'))]);

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

describe.skipIf(!onPglite)('PGlite in a worker thread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await aTestApp({ config: testConfig({ webDir: aBuiltWebApp() }) });
  });
  afterAll(() => t?.close());

  it('answers health and static files while a long query runs', async () => {
    let longQueryDone = 0;
    const long = t.database.db.execute(sql`select pg_sleep(1.5)`).then(() => {
      longQueryDone = performance.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the query is under way in the thread
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    const healthAnswered = performance.now();
    const file = await t.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    const fileAnswered = performance.now();
    expect(longQueryDone).toBe(0);
    await long;
    expect(health.statusCode).toBe(200);
    expect(file.statusCode).toBe(200);
    expect(healthAnswered).toBeLessThan(longQueryDone);
    expect(fileAnswered).toBeLessThan(longQueryDone);
  });

  it('hands back parameters and values exactly as PGlite on the same thread does', async () => {
    const here = await openPglite('memory://', { migrate: false, loadDataDir: template(), inWorker: false });
    try {
      const query = sql`select ${Buffer.from([0, 1, 254, 255])}::bytea as bytes,
        ${new Uint8Array([7, 8])}::bytea as uint8,
        ${new Date('2026-03-29T01:30:00Z')}::timestamptz as at,
        ${'2026-03-29'}::date as day,
        ${9007199254740993n}::int8 as big,
        ${12.5}::numeric as amount,
        ${JSON.stringify({ a: [1, 'twee', null], b: { c: true } })}::jsonb as doc,
        ${sql.param(['één', 'two'])}::text[] as names,
        ${sql.param([new Date('2026-01-01T00:00:00Z')])}::timestamptz[] as moments,
        ${null}::text as nothing,
        interval '1 day 2 hours' as span,
        gen_random_uuid() is not null as has_uuid`;
      const inWorker = await rows(t.database, query);
      const onThread = await rows(here, query);
      expect(inWorker).toEqual(onThread);
      expect(inWorker[0]).toMatchObject({ uint8: new Uint8Array([7, 8]), names: ['één', 'two'] });
      // Drizzle's own select path (array rows, its parsers for dates) as well.
      const clinicRows = async (database: Database) => {
        const { clinic } = await import('./schema');
        return database.db.select({ name: clinic.name, createdAt: clinic.createdAt }).from(clinic).limit(1);
      };
      expect(await clinicRows(t.database)).toEqual(await clinicRows(here));
    } finally {
      await here.close();
    }
  }, 180_000);

  it('keeps a PostgreSQL error’s fields: code, constraint, detail', async () => {
    await t.database.asOwner(
      'create table probe_unique (id int primary key);\ngrant all on probe_unique to vellum_app',
    );
    await t.database.db.execute(sql`insert into probe_unique values (1)`);
    const error = await t.database.db
      .execute(sql`insert into probe_unique values (1)`)
      .catch((e: unknown) => e);
    const cause = (error as { cause?: Record<string, unknown> }).cause;
    expect(cause).toMatchObject({
      code: '23505',
      constraint: 'probe_unique_pkey',
      detail: 'Key (id)=(1) already exists.',
      severity: 'ERROR',
      table: 'probe_unique',
    });
    expect(cause).toBeInstanceOf(Error);
  });

  it('runs a transaction alone on the connection: other queries wait until it commits or rolls back', async () => {
    await t.database.asOwner('create table probe_turns (n int);\ngrant all on probe_turns to vellum_app');
    const order: string[] = [];
    const tx = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe_turns values (1)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.execute(sql`insert into probe_turns values (2)`);
      order.push('commit');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = rows<{ n: number }>(t.database, sql`select count(*)::int as n from probe_turns`).then(
      (r) => {
        order.push('outside');
        return r[0]?.n;
      },
    );
    await tx;
    expect(await outside).toBe(2);
    expect(order).toEqual(['commit', 'outside']);

    const failing = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe_turns values (3)`);
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await rows(t.database, sql`select n from probe_turns order by n`)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('fails the running and every later query when the thread dies, and health says so', async () => {
    const client = await PgliteInWorker.start({
      dataDir: 'memory://',
      migrate: false,
      role: 'vellum_app',
      loadDataDir: new Uint8Array(readFileSync(inject('pgliteTemplate'))),
    });
    const running = client.query('select pg_sleep(5)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.kill();
    await expect(running).rejects.toThrow(DatabaseUnavailable);
    await expect(client.query('select 1')).rejects.toThrow(/embedded database stopped/);
    await expect(client.ping()).rejects.toThrow(DatabaseUnavailable);
    await client.close();
  }, 180_000);

  it('does not keep the process alive once its work is done, even without close()', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs';
         import { PgliteInWorker } from ${JSON.stringify(path.join(import.meta.dirname, 'pglite-in-worker.ts'))};
         const client = await PgliteInWorker.start({ dataDir: 'memory://', migrate: false, role: 'vellum_app',
           loadDataDir: new Uint8Array(readFileSync(process.argv[1])) });
         const result = await client.query('select 41 + 1 as answer');
         console.log(result.rows[0].answer);`,
        inject('pgliteTemplate'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    // Once it has printed its answer it must exit; a child still running 15 s later is held up by
    // the thread: end it and fail. (Starting it may take long on a busy machine; that is not judged.)
    const code = await new Promise<number | string | null>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      child.stdout.on('data', (chunk) => {
        output += chunk;
        timer ??= setTimeout(() => {
          child.kill('SIGKILL');
          resolve('still running 15 s after its answer');
        }, 15_000);
      });
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output.trim()).toBe('42');
    expect(code).toBe(0);
  }, 180_000);
});
