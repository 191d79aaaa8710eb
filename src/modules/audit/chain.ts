/**
 * The hash chain over the audit trail. Each entry's hash is SHA-256 over its sequence number, its
 * fields and the previous entry's hash, so changing, deleting or inserting an entry breaks every
 * later link. The canonical form below is what `vellum audit verify` recomputes: changing it breaks
 * verification of every existing trail — never change it without a migration of the chain.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { auditEvent, auditEventShown } from '../../db/schema';
import { sha256Hex } from '../../platform/crypto';
import type { AuditEntry, ShownClient } from './events';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Form 1 (entries written before decision 0022) and form 2 (entries the sealer chained, which add
 * the stripe and the entry's gapless number on it) are hashed as written; a form is never changed.
 * Form 3 (decision 0027) is form 2 plus the list of clients a result set showed, sorted by id, each
 * as [client id, basis].
 */
export type ChainedFields = AuditEntry & {
  seq: number;
  prevHash: string;
  form?: number;
  stripe?: number | null;
  stripeN?: number | null;
};

export function canonicalEntry(entry: ChainedFields): string {
  return canonicalText({ ...entry, at: entry.at.toISOString() });
}

/**
 * The same, with the time already as ISO text (verify reads it that way, saving a Date per row).
 * Exactly `JSON.stringify` of the array each form hashes — written out field by field because the
 * sealer and `audit verify` run it millions of times; `chain.test.ts` holds it to JSON.stringify on
 * arbitrary text.
 */
export function canonicalText(entry: Omit<ChainedFields, 'at'> & { at: string }): string {
  const fields = `${num(entry.seq)},${str(entry.at)},${str(entry.actorId)},${str(entry.actorRole)},${str(entry.action)},${str(entry.objectType)},${str(entry.objectId)},${str(entry.clientId)},${str(entry.basis)},${str(entry.reason)},${str(entry.outcome)},${str(entry.origin)}`;
  if (entry.form === 2)
    return `[2,${fields},${num(entry.stripe)},${num(entry.stripeN)},${str(entry.prevHash)}]`;
  if (entry.form === 3) {
    const list = sortedClients(entry.clients ?? [])
      .map((c) => `[${str(c.clientId)},${str(c.basis)}]`)
      .join(',');
    return `[3,${fields},${num(entry.stripe)},${num(entry.stripeN)},[${list}],${str(entry.prevHash)}]`;
  }
  return `[${fields},${str(entry.prevHash)}]`;
}

/** Text JSON.stringify writes as it is between quotes: no quote, backslash, control character or surrogate. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string (or null) as JSON.stringify writes it inside an array. */
function str(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** A number (or null) as JSON.stringify writes it inside an array. */
function num(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : 'null';
}

export function entryHash(entry: ChainedFields): string {
  return sha256Hex(canonicalEntry(entry));
}

export function entryTextHash(entry: Omit<ChainedFields, 'at'> & { at: string }): string {
  return sha256Hex(canonicalText(entry));
}

type Tx = Pick<Db, 'execute' | 'insert'>;

/** An `audit_event` row as the database answers it (snake_case, numbers maybe as text). */
export type AuditRow = {
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
  stripe: number | string | null;
  stripe_n: number | string | null;
  /** For a result set (form 3): its clients as JSON text `[[client id, basis], ...]`, or null. */
  clients?: string | null;
};

/** A list in the order its hash takes it: by client id (lowercase text, as uuid sorts in SQL). */
export function sortedClients(clients: ShownClient[]): ShownClient[] {
  return [...clients].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
}

/**
 * The SQL for a row's list as `AuditRow.clients` reads it, given the entry's table alias: null when
 * the entry names none. Sorted as `sortedClients` sorts.
 */
export function clientsOfRow(alias: string) {
  return sql.raw(`(select json_agg(json_build_array(c.client_id, c.basis) order by c.client_id)::text
      from audit_event_shown c where c.stripe = ${alias}.stripe and c.stripe_n = ${alias}.stripe_n)`);
}

/** The fields a row's hash covers, at `seq` after `prevHash`, in `form` (the sealer and verify alike). */
export function chainedFromRow(row: AuditRow, seq: number, prevHash: string, form: number): ChainedFields {
  return {
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
    form,
    stripe: row.stripe === null ? null : Number(row.stripe),
    stripeN: row.stripe_n === null ? null : Number(row.stripe_n),
    clients: row.clients
      ? (JSON.parse(row.clients) as [string, AuditEntry['basis']][]).map(([clientId, basis]) => ({
          clientId,
          basis,
        }))
      : undefined,
    prevHash,
  };
}

/** How many stripe counters there are (migration 0048). */
export const AUDIT_STRIPES = 32;

/**
 * Appends entries inside the caller's transaction, unsealed: they take the next numbers on a stripe
 * counter no other transaction holds (SKIP LOCKED; each connection starts looking at its own stripe),
 * so concurrent actions do not wait for one another. The counter's row lock is held to commit, and a
 * rollback returns the numbers with the entries, so every stripe stays gapless. The sealer
 * (`seal.ts`) chains the entries once the transaction has committed.
 */
export async function appendAudit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const taken = await tx.execute(sql`
    update audit_stripe set n = n + ${entries.length}
    where stripe = coalesce(
      (select stripe from audit_stripe
        order by (stripe - pg_backend_pid() % ${AUDIT_STRIPES} + ${AUDIT_STRIPES}) % ${AUDIT_STRIPES}
        limit 1 for update skip locked),
      pg_backend_pid() % ${AUDIT_STRIPES})
    returning stripe, n`);
  const [row] = (taken as unknown as { rows: { stripe: number; n: string | number }[] }).rows;
  if (!row) throw new Error('the audit trail has no stripe counters');
  const stripe = Number(row.stripe);
  const first = Number(row.n) - entries.length + 1;
  await tx.insert(auditEvent).values(
    entries.map(({ clients, ...entry }, i) => ({
      ...entry,
      stripe,
      stripeN: first + i,
      form: clients ? 3 : 2,
    })),
  );
  const members = entries.flatMap((entry, i) =>
    (entry.clients ?? []).map((c) => ({ stripe, stripeN: first + i, clientId: c.clientId, basis: c.basis })),
  );
  if (members.length > 0) await tx.insert(auditEventShown).values(members);
}
