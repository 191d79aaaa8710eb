/**
 * Issue 16's row "audited dossier opens at 10 connections vs 1 on PostgreSQL, ≥ 1.8×", small and on
 * its own: each action is what an audited dossier open does to the trail — one transaction that sets
 * the actor, reads, and appends its entries (three, as the dossier records client, treatments and
 * photos) through `appendAudit` — run back to back on 1 connection, then on 10, for a few seconds
 * each. With --head-lock each action also takes the old head row lock (decision 0005) before
 * appending, for comparison in the same run. The sealer runs beside it as in the server.
 *
 *   node --import tsx bench/audit-concurrency.ts [--seconds 3] [--head-lock]
 *
 * PG_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres) gets a scratch database,
 * dropped at the end. Prints one JSON line with the load average. The full row is in `npm run bench`
 * (targets.ts, dossierScalingRow), over HTTP.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../src/db/connection';
import type { Actor } from '../src/modules/access/actor';
import { setActor } from '../src/modules/access/gate';
import { appendAudit } from '../src/modules/audit/chain';
import type { AuditEntry } from '../src/modules/audit/events';
import { sealAudit, sealRound } from '../src/modules/audit/seal';
import { verifyAuditChain } from '../src/modules/audit/verify';
import { scratchDatabase } from './scratch-database';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '3' }, 'head-lock': { type: 'boolean', default: false } },
});
const seconds = Number(values.seconds);
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ACTOR: Actor = { kind: 'system', name: 'bench' };

function entries(clientId: string): AuditEntry[] {
  return ['client', 'treatment', 'photo'].map((objectType) => ({
    at: new Date(),
    actorId: randomUUID(),
    actorRole: 'practitioner',
    action: 'read',
    objectType,
    objectId: clientId,
    clientId,
    basis: 'relationship',
    reason: null,
    outcome: 'allowed',
    origin: `web:${randomUUID()}`,
  }));
}

async function main() {
  const scratch = await scratchDatabase(serverUrl, 'vellum_bench_audit');
  const database = await openPostgres(scratch.url, { poolSize: 11 });
  let sealing = true;
  const sealer = (async () => {
    while (sealing) {
      await sealRound(database);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  const action = () =>
    database.db.transaction(async (tx) => {
      await setActor(tx, ACTOR, new Date());
      await tx.execute(sql`select count(*) from staff`);
      if (values['head-lock']) await tx.execute(sql`select seq from audit_head where id = true for update`);
      await appendAudit(tx, entries(randomUUID()));
    });
  const rate = async (connections: number) => {
    const until = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          await action();
          done += 1;
        }
      }),
    );
    return Math.round(done / seconds);
  };
  try {
    await rate(2); // warm-up
    const one = await rate(1);
    const ten = await rate(10);
    sealing = false;
    await sealer;
    await sealAudit(database.db);
    const verified = await verifyAuditChain(database.db);
    console.log(
      JSON.stringify({
        benchmark: 'audit-concurrency',
        headLock: values['head-lock'],
        actionsPerSecond: { oneConnection: one, tenConnections: ten },
        ratio: Number((ten / one).toFixed(2)),
        target: 1.8,
        verified: verified.ok,
        entries: verified.entries,
        loadAverage: Number(os.loadavg()[0]?.toFixed(1)),
      }),
    );
  } finally {
    sealing = false;
    await sealer.catch(() => {});
    await database.close();
    await scratch.drop();
  }
}

await main();
