import { existsSync, readFileSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { Actor } from '../access/actor';
import { setActor } from '../access/gate';
import { type AuditRow, chainedFromRow, clientsOfRow, entryHash, GENESIS_HASH } from './chain';
import { SEAL_BOUND_SECONDS, sealAudit } from './seal';

export type AuditAnchor = { seq: number; hash: string; at: string };

export type VerifyResult =
  | {
      ok: true;
      entries: number;
      headHash: string;
      anchorsChecked: number;
      seconds: number;
      /** Where it was checked: in one query in the database, or by walking it in Node. */
      method: 'database' | 'node';
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
 * Verifies the sealed chain inside the database: one ordered pass that recomputes every entry's SHA-256
 * over the same canonical text `chain.ts` hashes (built with to_json, which escapes as
 * JSON.stringify does; form 2 adds its leading 2, the stripe and its number; form 3 its leading 3,
 * the stripe, its number and the list of clients shown, decision 0027), compares each link
 * with the previous hash and each sequence number with the previous one. Nothing travels to Node
 * but the verdict, so it runs at the database's speed. If it finds anything, or cannot run, the walk
 * in Node (`walkAuditChain`) gives the authoritative answer and names the entry — a text the two
 * canonical forms would write differently can never pass unnoticed or be blamed wrongly.
 */
export async function verifySealedChain(db: Db, anchors: AuditAnchor[] = []): Promise<VerifyResult> {
  const started = performance.now();
  try {
    const result = await read(
      db,
      sql`
      with lists as (
        select stripe, stripe_n,
          concat('[', string_agg(concat('[', to_json(client_id::text)::text, ',',
            coalesce(to_json(basis)::text, 'null'), ']'), ',' order by client_id), ']') as list
        from audit_event_shown
        group by stripe, stripe_n
      ), ordered as (
        select e.seq, e.hash, e.prev_hash, e.form, l.list,
          lag(e.hash) over w as previous_hash,
          lag(e.seq) over w as previous_seq,
          encode(sha256(convert_to(concat(case form when 2 then '[2,' when 3 then '[3,' else '[' end, seq::text,
            ',', to_json(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
            ',', coalesce(to_json(actor_id::text)::text, 'null'),
            ',', to_json(actor_role)::text,
            ',', to_json(action)::text,
            ',', to_json(object_type)::text,
            ',', coalesce(to_json(object_id)::text, 'null'),
            ',', coalesce(to_json(client_id::text)::text, 'null'),
            ',', coalesce(to_json(basis)::text, 'null'),
            ',', coalesce(to_json(reason)::text, 'null'),
            ',', to_json(outcome)::text,
            ',', to_json(origin)::text,
            case when form in (2, 3) then concat(',', e.stripe::text, ',', e.stripe_n::text) else '' end,
            case when form = 3 then concat(',', coalesce(l.list, '[]')) else '' end,
            ',', to_json(prev_hash)::text, ']'), 'UTF8')), 'hex') as computed
        from audit_event e
        left join lists l on l.stripe = e.stripe and l.stripe_n = e.stripe_n
        where e.seq is not null
        window w as (order by e.seq)
      )
      select
        count(*)::bigint as entries,
        count(*) filter (where
          seq <> coalesce(previous_seq + 1, 1)
          or prev_hash <> coalesce(previous_hash, ${GENESIS_HASH})
          or computed <> hash
          or (form <> 3 and list is not null))::bigint as broken,
        (array_agg(hash order by seq desc))[1] as head
      from ordered`,
    );
    const [row] = (
      result as unknown as {
        rows: { entries: string | number; broken: string | number; head: string | null }[];
      }
    ).rows;
    const entries = Number(row?.entries ?? 0);
    if (row && Number(row.broken) === 0) {
      const anchored = await anchorsInDatabase(db, anchors);
      const mismatch = anchors.find((a) => a.seq <= entries && anchored.get(a.seq) !== a.hash);
      if (!mismatch) {
        const lost = anchors.find((anchor) => anchor.seq > entries);
        if (!lost) {
          return {
            ok: true,
            entries,
            headHash: row.head ?? GENESIS_HASH,
            anchorsChecked: anchors.length,
            seconds: (performance.now() - started) / 1000,
            method: 'database',
          };
        }
      }
    }
  } catch {
    // A database without sha256() or with another quirk: the walk below decides.
  }
  return walkAuditChain(db, anchors);
}

async function anchorsInDatabase(db: Db, anchors: AuditAnchor[]): Promise<Map<number, string>> {
  if (anchors.length === 0) return new Map();
  const seqs = anchors.map((a) => a.seq);
  const result = await read(
    db,
    sql`select seq, hash from audit_event where seq = any(${sql.param(seqs)}::bigint[])`,
  );
  return new Map(
    (result as unknown as { rows: { seq: string | number; hash: string }[] }).rows.map((r) => [
      Number(r.seq),
      r.hash,
    ]),
  );
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
