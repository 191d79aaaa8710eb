/**
 * How fast `audit verify` walks a long trail: fills a fresh database with N chained entries through
 * the same appendAudit the app uses and seals them with the sealer, then times verifyAuditChain.
 *
 *   node --import tsx bench/audit-verify.ts [--entries 1000000] [--db pglite|postgres]
 *
 * With --db postgres it creates (and drops) a database on PG_SERVER_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres). Prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../src/db/connection';
import { appendAudit } from '../src/modules/audit/chain';
import type { AuditEntry } from '../src/modules/audit/events';
import { sealAudit } from '../src/modules/audit/seal';
import { verifyAuditChain } from '../src/modules/audit/verify';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'pglite' },
    // Verify an existing database or data folder (from a --keep run) instead of filling a new one.
    reuse: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const total = Number(values.entries);
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main() {
  let cleanup: () => Promise<void>;
  let database: Database;
  if (values.db === 'postgres') {
    const name = values.reuse ?? `vellum_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    if (!values.reuse) await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString(), { poolSize: 2 });
    cleanup = async () => {
      await database?.close();
      if (values.keep || values.reuse) console.error(`kept database ${name}`);
      else await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    };
  } else {
    // --reuse names a data folder kept by an earlier --keep run.
    const dir = values.reuse ?? mkdtempSync(path.join(tmpdir(), 'vellum-bench-'));
    database = await openPglite(path.join(dir, 'pgdata'));
    cleanup = async () => {
      await database?.close();
      if (values.keep || values.reuse) console.error(`kept data folder ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const fillStarted = performance.now();
    const clients = Array.from({ length: 1000 }, () => randomUUID());
    const staff = Array.from({ length: 10 }, () => randomUUID());
    const batch = 4000;
    for (let done = 0; done < (values.reuse ? 0 : total); done += batch) {
      const entries: AuditEntry[] = [];
      for (let i = done; i < Math.min(total, done + batch); i++) {
        const clientId = clients[i % clients.length] as string;
        entries.push({
          at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
          actorId: staff[i % staff.length] as string,
          actorRole: 'practitioner',
          action: 'read',
          objectType: 'client',
          objectId: clientId,
          clientId,
          basis: 'relationship',
          reason: null,
          outcome: 'allowed',
          origin: `web:${randomUUID()}`,
        });
      }
      await database.db.transaction((tx) => appendAudit(tx, entries));
      // The sealer chains them (decision 0022); here in the fill, not in verify's time.
      await sealAudit(database.db);
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const result = await verifyAuditChain(database.db);
    if (!result.ok) throw new Error(`verify failed: ${result.problem}`);
    console.log(
      JSON.stringify({
        benchmark: 'audit-verify',
        database: database.kind,
        entries: result.entries,
        verifySeconds: Number(result.seconds.toFixed(2)),
        entriesPerSecond: Math.round(result.entries / result.seconds),
        method: result.method,
        fillSeconds: Number(fillSeconds.toFixed(1)),
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
