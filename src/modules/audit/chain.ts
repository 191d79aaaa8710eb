/**
 * The hash chain over the audit trail. Each entry's hash is SHA-256 over its sequence number, its
 * fields and the previous entry's hash, so changing, deleting or inserting an entry breaks every
 * later link. The canonical form below is what `vellum audit verify` recomputes: changing it breaks
 * verification of every existing trail — never change it without a migration of the chain.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { auditEvent } from '../../db/schema';
import { sha256Hex } from '../../platform/crypto';
import type { AuditEntry } from './events';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = AuditEntry & { seq: number; prevHash: string };

export function canonicalEntry(entry: ChainedFields): string {
  return canonicalText({ ...entry, at: entry.at.toISOString() });
}

/** The same, with the time already as ISO text (verify reads it that way, saving a Date per row). */
export function canonicalText(entry: Omit<ChainedFields, 'at'> & { at: string }): string {
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.actorId,
    entry.actorRole,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.clientId,
    entry.basis,
    entry.reason,
    entry.outcome,
    entry.origin,
    entry.prevHash,
  ]);
}

export function entryHash(entry: ChainedFields): string {
  return sha256Hex(canonicalEntry(entry));
}

export function entryTextHash(entry: Omit<ChainedFields, 'at'> & { at: string }): string {
  return sha256Hex(canonicalText(entry));
}

type Tx = Pick<Db, 'execute' | 'insert'>;

/**
 * Appends entries inside the caller's transaction. The head row's lock orders concurrent writers;
 * it is held from here to commit, so callers append last.
 */
export async function appendAudit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await tx.execute(sql`select seq, hash from audit_head where id = true for update`);
  const [row] = (head as unknown as { rows: { seq: string | number; hash: string }[] }).rows;
  if (!row) throw new Error('the audit chain has no head row');
  let seq = Number(row.seq);
  let prevHash = row.hash;
  const rows = entries.map((entry) => {
    seq += 1;
    const chained = { ...entry, seq, prevHash };
    const hash = entryHash(chained);
    prevHash = hash;
    return { ...chained, hash };
  });
  await tx.insert(auditEvent).values(rows);
  await tx.execute(sql`update audit_head set seq = ${seq}, hash = ${prevHash} where id = true`);
}
