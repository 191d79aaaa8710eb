/**
 * One range of the sealed audit chain, as COPY text, checked on its own (decision 0028): in a
 * hashing thread (`verify-hasher.ts`) or on the server's thread. Pure: no database, no I/O.
 */
import { entryTextHash } from './chain';
import type { AuditEntry, ShownClient } from './events';

/** What one range holds, checked on its own: the links to the range before are the caller's. */
export type RangeResult = {
  from: number;
  /** Entries read: `from`, `from + 1`, … without a gap (the rest of the range is missing). */
  count: number;
  /** The first entry's `prev_hash`, to be the range before's last hash; null when `from` is missing. */
  firstPrev: string | null;
  lastHash: string | null;
  /** The first thing found inside the range, if anything. */
  problem: string | null;
  /** The hashes of the entries asked for (anchors). */
  kept: [number, string][];
};

/**
 * Checks one range's COPY text: every entry's number from `from` on, its link to the entry before it
 * in the range, and its hash, recomputed with the function the sealer used.
 */
export function hashRange(bytes: Uint8Array, from: number, keep: readonly number[]): RangeResult {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const wanted = new Set(keep);
  const result: RangeResult = { from, count: 0, firstPrev: null, lastHash: null, problem: null, kept: [] };
  let expected = from;
  let prevHash: string | null = null;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    const f = text.slice(start, end).split('\t');
    start = end + 1;
    const seq = Number(f[0]);
    if (seq !== expected) return { ...result, problem: `entry ${expected} is missing` };
    const prev = field(f[15]);
    if (prevHash === null) result.firstPrev = prev;
    else if (prev !== prevHash)
      return { ...result, problem: `entry ${seq} does not link to entry ${seq - 1}` };
    const form = Number(f[14]);
    const list = field(f[17]);
    if (form !== 3 && list !== null)
      return { ...result, problem: `entry ${seq} was given a list of clients` };
    const stripe = field(f[12]);
    const stripeN = field(f[13]);
    const hash = entryTextHash({
      seq,
      at: isoFromCopy(f[1] ?? ''),
      actorId: field(f[2]),
      actorRole: field(f[3]) as string,
      action: field(f[4]) as AuditEntry['action'],
      objectType: field(f[5]) as string,
      objectId: field(f[6]),
      clientId: field(f[7]),
      basis: field(f[8]) as AuditEntry['basis'],
      reason: field(f[9]),
      outcome: field(f[10]) as AuditEntry['outcome'],
      origin: field(f[11]) as string,
      form,
      stripe: stripe === null ? null : Number(stripe),
      stripeN: stripeN === null ? null : Number(stripeN),
      clients: form === 3 ? clientsOf(list) : undefined,
      prevHash: prev as string,
    });
    if (hash !== field(f[16])) return { ...result, problem: `entry ${seq} was changed after it was written` };
    if (wanted.has(seq)) result.kept.push([seq, hash]);
    prevHash = hash;
    result.lastHash = hash;
    result.count += 1;
    expected = seq + 1;
  }
  return result;
}

/** A result set's list as the hash takes it (sorted there); none is an empty list. */
function clientsOf(list: string | null): ShownClient[] {
  if (list === null) return [];
  return (JSON.parse(list) as [string, AuditEntry['basis']][]).map(([clientId, basis]) => ({
    clientId,
    basis,
  }));
}

const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A COPY text field as its value: `\N` is NULL, backslash escapes undone. */
export function field(raw: string | undefined): string | null {
  if (raw === undefined || raw === '\\N') return null;
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(.)/gs, (_, c: string) => ESCAPED[c] ?? c);
}

/**
 * `2026-12-07 09:00:00.123456+00` (ISO date style, UTC) as `Date.toISOString()` writes it:
 * milliseconds, cut as a Date cuts them. Anything else is returned as it is, and fails the hash.
 */
export function isoFromCopy(value: string): string {
  if (value.length < 22 || value[10] !== ' ' || !value.endsWith('+00')) return value;
  const fraction = value.slice(19, -3);
  const millis = fraction === '' ? '.000' : `${fraction}000`.slice(0, 4);
  return `${value.slice(0, 10)}T${value.slice(11, 19)}${millis}Z`;
}
