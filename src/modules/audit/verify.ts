import { existsSync, readFileSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { Actor } from '../access/actor';
import { setActor } from '../access/gate';
import { type AuditRow, chainedFromRow, clientsOfRow, entryHash, GENESIS_HASH } from './chain';
import { SEAL_BOUND_SECONDS, sealAudit } from './seal';
import { RANGE, rangeReader, streamChain, THREADS_FROM, withHashers } from './verify-stream';

export type AuditAnchor = { seq: number; hash: string; at: string };

export type VerifyResult =
  | {
      ok: true;
      entries: number;
      headHash: string;
      anchorsChecked: number;
      seconds: number;
      /** How it was checked: streamed out in ranges and hashed (`verify-stream.ts`), or by the walk. */
      method: 'stream' | 'node';
    }
  | { ok: false; entries: number; brokenAt: number; problem: string; seconds: number };

type Row = AuditRow & { seq: string | number; prev_hash: string; hash: string; form: number };

const BATCH = 20_000;
const VERIFIER: Actor = { kind: 'system', name: 'audit-verify' };

/**
 * Runs one read of the trail as the system (row-level security lets the trail be read only by those
 * allowed to, decision 0014), each in its own transaction so a failed fast path leaves the walk free.
 */
function read(db: Db, query: SQL) {
  return db.transaction(async (tx) => {
    await setActor(tx, VERIFIER, new Date());
    return tx.execute(query);
  });
}

/**
 * Verifies the trail: seals what can be sealed (unless told not to), checks the sealed chain
 * (`verifySealedChain`), then what the chain cannot show: that every stripe counter's numbers are
 * all there, sealed or not (an entry removed before it was sealed leaves a hole), and that no entry
 * has waited for the sealer longer than its bound.
 */
export async function verifyAuditChain(
  db: Db,
  anchors: AuditAnchor[] = [],
  options: { seal?: boolean } = {},
): Promise<VerifyResult> {
  const started = performance.now();
  if (options.seal !== false) await sealAudit(db);
  const chain = await verifySealedChain(db, anchors);
  if (!chain.ok) return chain;
  const problem = (await missingFromStripes(db)) ?? (await leftUnsealed(db));
  const seconds = (performance.now() - started) / 1000;
  if (problem) return { ok: false, entries: chain.entries, brokenAt: chain.entries + 1, problem, seconds };
  return { ...chain, seconds };
}

/** Each stripe's entries must be numbered exactly 1..n, n its counter: a hole is a removed entry. */
async function missingFromStripes(db: Db): Promise<string | undefined> {
  const result = await read(
    db,
    sql`select s.stripe, s.n, count(e.stripe_n) as entries, coalesce(max(e.stripe_n), 0) as top
        from audit_stripe s left join audit_event e on e.stripe = s.stripe
        group by s.stripe, s.n
        having count(e.stripe_n) <> s.n or coalesce(max(e.stripe_n), 0) <> s.n
        order by s.stripe limit 1`,
  );
  const [row] = (
    result as unknown as {
      rows: { stripe: number; n: string | number; entries: string | number; top: string | number }[];
    }
  ).rows;
  if (!row) return undefined;
  const stripe = Number(row.stripe);
  if (Number(row.top) > Number(row.n)) {
    return `stripe ${stripe} counts ${row.n} entries but holds number ${row.top}: its counter was moved back`;
  }
  const gap = await read(
    db,
    sql`select g from generate_series(1::bigint, ${Number(row.n)}::bigint) g
        where not exists (select 1 from audit_event e where e.stripe = ${stripe} and e.stripe_n = g)
        order by g limit 1`,
  );
  const [hole] = (gap as unknown as { rows: { g: string | number }[] }).rows;
  return `entry ${hole?.g ?? '?'} of stripe ${stripe} is missing: it was removed before it was sealed`;
}

/** An entry the sealer has not chained within its bound: the sealer is not running, or is kept out. */
async function leftUnsealed(db: Db): Promise<string | undefined> {
  const result = await read(
    db,
    sql`select stripe, stripe_n, floor(extract(epoch from now() - written_at))::int as age
        from audit_event
        where seq is null and written_at < now() - make_interval(secs => ${SEAL_BOUND_SECONDS})
        order by written_at limit 1`,
  );
  const [row] = (result as unknown as { rows: { stripe: number; stripe_n: string | number; age: number }[] })
    .rows;
  if (!row) return undefined;
  return `entry ${row.stripe_n} of stripe ${row.stripe} was left unsealed for ${row.age} s (the sealer's bound is ${SEAL_BOUND_SECONDS} s)`;
}

/**
 * Verifies the sealed chain: streamed out of the database and hashed in Node (decision 0028); when
 * that finds anything, or cannot run, the walk gives the authoritative answer and names the entry.
 */
export async function verifySealedChain(db: Db, anchors: AuditAnchor[] = []): Promise<VerifyResult> {
  const started = performance.now();
  return (await streamSealedChain(db, anchors, started)) ?? walkAuditChain(db, anchors);
}

/**
 * The streamed pass (decision 0028): the chain read out in ranges and hashed in Node. A verdict when
 * it could run — on anything found, the walk's, which names the entry — or undefined when this
 * database cannot stream, and the walk decides.
 */
async function streamSealedChain(
  db: Db,
  anchors: AuditAnchor[],
  started: number,
): Promise<VerifyResult | undefined> {
  const read = rangeReader(db);
  if (!read) return undefined;
  let verdict: Awaited<ReturnType<typeof streamChain>>;
  try {
    const top = await read0(db, sql`select coalesce(max(seq), 0) as last from audit_event`);
    const last = Number(top?.last ?? 0);
    const keep = new Set(anchors.map((a) => a.seq));
    verdict =
      last >= THREADS_FROM
        ? await withHashers((hash) => streamChain(read, last, keep, RANGE, hash))
        : await streamChain(read, last, keep);
  } catch {
    return undefined;
  }
  // A list of clients may belong only to a result set (form 3); the stream reads lists of those alone.
  const misplaced = await read0(
    db,
    sql`select 1 as found from audit_event_shown s
        join audit_event e on e.stripe = s.stripe and e.stripe_n = s.stripe_n
        where e.form <> 3 limit 1`,
  );
  if (verdict.ok && !misplaced) {
    const { hashes } = verdict;
    const mismatch = anchors.find((a) => a.seq <= verdict.entries && hashes.get(a.seq) !== a.hash);
    const lost = anchors.find((anchor) => anchor.seq > verdict.entries);
    if (!mismatch && !lost) {
      return {
        ok: true,
        entries: verdict.entries,
        headHash: verdict.headHash,
        anchorsChecked: anchors.length,
        seconds: (performance.now() - started) / 1000,
        method: 'stream',
      };
    }
  }
  return walkAuditChain(db, anchors);
}

async function read0(db: Db, query: SQL): Promise<Record<string, unknown> | undefined> {
  return ((await read(db, query)) as unknown as { rows: Record<string, unknown>[] }).rows[0];
}

/**
 * Walks the whole chain in sequence order in Node and names the first entry that does not fit: a
 * gap in the sequence (deleted), a link that does not point at its predecessor (inserted or
 * reordered), or a hash that does not match its content (changed). Then checks the anchors written
 * outside the database: the chain must still contain each anchored entry with the same hash, which
 * detects a rewritten or truncated chain.
 */
export async function walkAuditChain(db: Db, anchors: AuditAnchor[] = []): Promise<VerifyResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const anchorBySeq = new Map(anchors.map((anchor) => [anchor.seq, anchor]));
  let anchorsChecked = 0;
  for (;;) {
    const result = await read(
      db,
      sql`select e.*, ${clientsOfRow('e')} as clients
          from audit_event e where e.seq >= ${expectedSeq} order by e.seq limit ${BATCH}`,
    );
    const rows = (result as unknown as { rows: Row[] }).rows;
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (problem: string, brokenAt = seq): VerifyResult => ({
        ok: false,
        entries: expectedSeq - 1,
        brokenAt,
        problem,
        seconds: seconds(),
      });
      if (seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`, expectedSeq);
      if (row.prev_hash !== prevHash) return broken(`entry ${seq} does not link to entry ${seq - 1}`);
      if (Number(row.form) !== 3 && row.clients) return broken(`entry ${seq} was given a list of clients`);
      const entry = chainedFromRow(row, seq, row.prev_hash, Number(row.form));
      if (entryHash(entry) !== row.hash) return broken(`entry ${seq} was changed after it was written`);
      const anchor = anchorBySeq.get(seq);
      if (anchor) {
        if (anchor.hash !== row.hash) return broken(`entry ${seq} differs from the anchor of ${anchor.at}`);
        anchorsChecked += 1;
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < BATCH) break;
  }
  const entries = expectedSeq - 1;
  const lost = anchors.find((anchor) => anchor.seq > entries);
  if (lost) {
    return {
      ok: false,
      entries,
      brokenAt: lost.seq,
      problem: `entry ${lost.seq}, anchored at ${lost.at}, is missing: the trail was cut short`,
      seconds: seconds(),
    };
  }
  return { ok: true, entries, headHash: prevHash, anchorsChecked, seconds: seconds(), method: 'node' };
}

/** Reads the anchor file (one JSON object per line); a missing file has no anchors. */
export function readAnchors(file: string): AuditAnchor[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditAnchor);
}
