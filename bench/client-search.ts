/**
 * Client search on a large clinic, in-process through ClientDirectory.search (the gate, row-level
 * security, the audit entry per result): p50/p95 over a mix of name fragments, a typo, an e-mail
 * fragment and phone digits, as reception.
 *
 *   node --import tsx bench/client-search.ts [--db pglite|postgres] [--clients 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildContext } from '../src/app';
import { loadConfig } from '../src/config';
import { type Database, openPglite, openPostgres } from '../src/db/connection';
import { newId } from '../src/platform/ids';

const { values } = parseArgs({
  options: { db: { type: 'string', default: 'pglite' }, clients: { type: 'string', default: '100000' } },
});
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FIRST = [
  'Anna',
  'Bram',
  'Chloë',
  'Daan',
  'Emma',
  'Finn',
  'Zoë',
  'Lotte',
  'Sem',
  'Noor',
  'Liam',
  'Saar',
  'Jesse',
  'Fleur',
  'Thijs',
  'Iris',
  'Ruben',
  'Mila',
  'Lucas',
  'Evi',
];
const LAST = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Müller',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
  'van den Heuvel',
  'van der Veen',
];

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-search-'));
  let database: Database;
  let drop = async () => {};
  // Statistics as autovacuum would have them after a bulk load (the app role may not ANALYZE).
  let analyze = async () => {
    await database.db.execute(sql.raw('reset role'));
    await database.db.execute(sql.raw('analyze client'));
    await database.db.execute(sql.raw('set role vellum_app'));
  };
  if (values.db === 'postgres') {
    const name = `vellum_bench_search_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString(), { poolSize: 4 });
    analyze = async () => {
      const owner = new pg.Client({ connectionString: url.toString() });
      await owner.connect();
      await owner.query('analyze client');
      await owner.end();
    };
    drop = async () => {
      if (process.env.KEEP) return void console.error(`kept ${name}`);
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    };
  } else {
    database = await openPglite(path.join(dataDir, 'pgdata'));
  }
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', VELLUM_DATA_DIR: dataDir });
    const context = buildContext({ config, database });
    const total = Number(values.clients);
    const receptionId = newId();
    await context.gate.act({ kind: 'system', name: 'bench' }, 'bench', async (scope) => {
      await scope.tx.execute(sql`insert into staff (id, name, email, role, password_hash, created_at)
        values (${receptionId}, 'Balie', 'balie@bench.example', 'reception', 'x', now())`);
      for (let i = 0; i < total; i += 5000) {
        const rows: string[] = [];
        for (let j = i; j < Math.min(total, i + 5000); j++) {
          const first = FIRST[j % FIRST.length];
          const last = `${LAST[Math.floor(j / FIRST.length) % LAST.length]}${j % 7 === 0 ? '' : ` ${j % 997}`}`;
          const email = `${(first ?? '').toLowerCase()}.${j}@example.nl`;
          const phone = `06 ${String(10_000_000 + ((j * 7919) % 89_999_999)).padStart(8, '0')}`;
          rows.push(
            `('${newId()}','${first}','${last}','${email}','${phone}','19${50 + (j % 50)}-0${1 + (j % 9)}-1${j % 9}',now(),now())`,
          );
        }
        await scope.tx.execute(
          sql.raw(
            `insert into client (id, first_name, last_name, email, phone, birth_date, created_at, updated_at) values ${rows.join(',')}`,
          ),
        );
      }
    });
    await analyze();
    const reception = { kind: 'staff' as const, id: receptionId, role: 'reception' as const };
    const queries = [
      'jansen',
      'jansn',
      'de vries',
      'zoe',
      'chloe',
      'muller',
      'emma.12',
      '0612345',
      'dijkstr',
      'van der',
    ];
    for (const q of queries) await context.clients.search(reception, q, 'bench'); // warm-up
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of queries) {
        const t = performance.now();
        await context.clients.search(reception, q, 'bench');
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0);
    console.log(
      JSON.stringify({
        benchmark: 'client-search',
        database: values.db,
        clients: total,
        searches: times.length,
        p50ms: at(50),
        p95ms: at(95),
        maxms: Math.round(times.at(-1) ?? 0),
      }),
    );
  } finally {
    await database.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
