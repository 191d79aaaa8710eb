import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { entryHash, GENESIS_HASH } from './chain';
import type { AuditEntry } from './events';

export type AuditAnchor = { seq: number; hash: string; at: string };

export type VerifyResult =
  | { ok: true; entries: number; headHash: string; anchorsChecked: number; seconds: number }
  | { ok: false; entries: number; brokenAt: number; problem: string; seconds: number };

type Row = {
  seq: string | number;
  at: Date | string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  object_type: string;
  object_id: string | null;
  client_id: string | null;
  basis: string | null;
  reason: string | null;
  outcome: string;
  origin: string;
  prev_hash: string;
  hash: string;
};

const BATCH = 20_000;

/**
 * Walks the whole chain in sequence order and names the first entry that does not fit: a gap in the
 * sequence (deleted), a link that does not point at its predecessor (inserted or reordered), or a
 * hash that does not match its content (changed). Then checks the anchors written outside the
 * database: the chain must still contain each anchored entry with the same hash, which detects a
 * rewritten or truncated chain.
 */
export async function verifyAuditChain(db: Db, anchors: AuditAnchor[] = []): Promise<VerifyResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const anchorBySeq = new Map(anchors.map((anchor) => [anchor.seq, anchor]));
  let anchorsChecked = 0;
  for (;;) {
    const result = await db.execute(
      sql`select * from audit_event where seq >= ${expectedSeq} order by seq limit ${BATCH}`,
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
      const entry: AuditEntry & { seq: number; prevHash: string } = {
        seq,
        at: new Date(row.at),
        actorId: row.actor_id,
        actorRole: row.actor_role,
        action: row.action as AuditEntry['action'],
        objectType: row.object_type,
        objectId: row.object_id,
        clientId: row.client_id,
        basis: row.basis as AuditEntry['basis'],
        reason: row.reason,
        outcome: row.outcome as AuditEntry['outcome'],
        origin: row.origin,
        prevHash: row.prev_hash,
      };
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
  return { ok: true, entries, headHash: prevHash, anchorsChecked, seconds: seconds() };
}

/** Reads the anchor file (one JSON object per line); a missing file has no anchors. */
export function readAnchors(file: string): AuditAnchor[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditAnchor);
}
