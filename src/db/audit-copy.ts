/**
 * The sealed audit chain as COPY text, a range of sequence numbers at a time, for `audit verify`'s
 * streamed pass (src/modules/audit/verify-stream.ts; decision 0028). One fixed query whose only
 * inputs are two integers; nothing else can be read through it.
 *
 * Columns: seq, at (ISO, UTC), actor_id, actor_role, action, object_type, object_id, client_id,
 * basis, reason, outcome, origin, stripe, stripe_n, form, prev_hash, hash, and for a result set
 * (form 3) its list of clients as JSON `[[client id, basis], …]` sorted by id (else NULL).
 */
import type { PGlite } from '@electric-sql/pglite';

/** The COPY statement for entries with `from <= seq < to`, written to `target`. */
export function auditRangeCopy(from: number, to: number, target: 'stdout' | '/dev/blob'): string {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) {
    throw new RangeError(`not a range of audit entries: ${from}..${to}`);
  }
  return `copy (
    select e.seq, e.at, e.actor_id, e.actor_role, e.action, e.object_type, e.object_id, e.client_id,
           e.basis, e.reason, e.outcome, e.origin, e.stripe, e.stripe_n, e.form, e.prev_hash, e.hash,
           case when e.form = 3 then (
             select json_agg(json_build_array(c.client_id, c.basis) order by c.client_id)
             from audit_event_shown c where c.stripe = e.stripe and c.stripe_n = e.stripe_n) end
    from audit_event e
    where e.seq >= ${from} and e.seq < ${to}
    order by e.seq
  ) to ${target === 'stdout' ? 'stdout' : "'/dev/blob'"}`;
}

/** Times as `2026-12-07 09:00:00.123+00`, whatever the session had. */
export const AUDIT_COPY_SETTINGS = "set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'";

/**
 * The range from embedded PGlite. PGlite writes COPY output only to its virtual `/dev/blob`, which
 * PostgreSQL allows to a role that may write server files — not the app role. So, inside one
 * read-only transaction, this fixed statement alone runs as the session's own (owner) role:
 * `SET LOCAL ROLE NONE` ends with the transaction, and the app role is back for the next statement.
 */
export async function copyAuditRangeFromPglite(
  pglite: PGlite,
  from: number,
  to: number,
): Promise<Uint8Array> {
  const statement = auditRangeCopy(from, to, '/dev/blob');
  return pglite.transaction(async (tx) => {
    await tx.exec(`set transaction read only; set local role none; ${AUDIT_COPY_SETTINGS}`);
    const result = await tx.query(statement);
    if (!result.blob) return new Uint8Array(0);
    return new Uint8Array(await result.blob.arrayBuffer());
  });
}
