/**
 * `audit verify`'s fast pass (decision 0028): the sealed chain leaves the database as COPY text, a
 * range of sequence numbers at a time (src/db/audit-copy.ts), while the server's thread recomputes
 * each entry's hash with the very function the sealer used (`entryTextHash`) and checks every link.
 * The database only reads rows out — its share is small and runs beside Node's: on PostgreSQL the
 * next ranges are read over other connections while one is hashed, on PGlite its thread writes the
 * next range while this one hashes. It only says whether the chain holds; when it does not, the walk
 * (`walkAuditChain`) names the entry.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AUDIT_COPY_SETTINGS, auditRangeCopy, copyAuditRangeFromPglite } from '../../db/audit-copy';
import type { Db } from '../../db/connection';
import { PgliteInWorker } from '../../db/pglite-in-worker';
import type { Actor } from '../access/actor';
import { setActor } from '../access/gate';
import { GENESIS_HASH } from './chain';
import { hashRange, type RangeResult } from './verify-range';

/** Entries per range: some 20 MB of text, read while the previous range is hashed. */
export const RANGE = 50_000;
/** Ranges read ahead of the one being hashed. */
const AHEAD = 2;
const VERIFIER: Actor = { kind: 'system', name: 'audit-verify' };

type ReadRange = (from: number, to: number) => Promise<Uint8Array>;

export type StreamVerdict =
  | { ok: true; entries: number; headHash: string; hashes: Map<number, string> }
  | { ok: false; entries: number; problem: string };

/** How this database hands out a range as COPY text, or undefined when it cannot. */
export function rangeReader(db: Db): ReadRange | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PgliteInWorker) return (from, to) => client.copyAuditRange(from, to);
  if (client instanceof PGlite) return (from, to) => copyAuditRangeFromPglite(client, from, to);
  if (client instanceof pg.Pool || client instanceof pg.Client)
    return (from, to) => serverRange(db, from, to);
  return undefined;
}

/** A range from a PostgreSQL server: COPY TO STDOUT as the app role, the verifier's read rights. */
function serverRange(db: Db, from: number, to: number): Promise<Uint8Array> {
  return db.transaction(async (tx) => {
    await setActor(tx, VERIFIER, new Date());
    // No JIT: compiling the plan costs half a second a range, more than reading it.
    await tx.execute(sql.raw(`set transaction read only; set local jit = off; ${AUDIT_COPY_SETTINGS}`));
    const connection = (tx as unknown as { session?: { client?: unknown } }).session?.client;
    if (!(connection instanceof pg.Client)) throw new Error('no server connection for COPY');
    const chunks: Buffer[] = [];
    for await (const chunk of connection.query(copyTo(auditRangeCopy(from, to, 'stdout')))) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  });
}

export type HashRange = (bytes: Uint8Array, from: number, keep: readonly number[]) => Promise<RangeResult>;

/**
 * Checks entries 1..`last`: ranges are read ahead (`AHEAD` at a time) and hashed by `hash` (in
 * worker threads, or here), then joined in order — each range's first link to the range before's
 * last hash. `keep` names the sequence numbers whose hashes the caller wants back (the anchors).
 */
export async function streamChain(
  read: ReadRange,
  last: number,
  keep: Set<number>,
  rangeSize = RANGE,
  hash: HashRange = async (bytes, from, kept) => hashRange(bytes, from, kept),
): Promise<StreamVerdict> {
  const hashes = new Map<number, string>();
  const pending: Promise<RangeResult>[] = [];
  const anchors = [...keep];
  let next = 1;
  const ask = () => {
    if (next > last) return;
    const from = next;
    const to = Math.min(from + rangeSize, last + 1);
    const kept = anchors.filter((seq) => seq >= from && seq < to);
    const range = read(from, to).then((bytes) => hash(bytes, from, kept));
    range.catch(() => {}); // handled when its turn comes
    pending.push(range);
    next = to;
  };
  for (let i = 0; i <= AHEAD; i++) ask();
  let prevHash = GENESIS_HASH;
  let expected = 1;
  while (pending.length > 0) {
    const range = await (pending.shift() as Promise<RangeResult>);
    ask();
    if (range.firstPrev !== null && range.firstPrev !== prevHash) {
      return broken(expected, `entry ${expected} does not link to entry ${expected - 1}`);
    }
    if (range.problem) return broken(range.from + range.count, range.problem);
    for (const [seq, kept] of range.kept) hashes.set(seq, kept);
    if (range.count > 0) prevHash = range.lastHash as string;
    expected = range.from + range.count;
    if (expected !== Math.min(range.from + rangeSize, last + 1)) break;
  }
  if (expected !== last + 1)
    return { ok: false, entries: expected - 1, problem: `entry ${expected} is missing` };
  return { ok: true, entries: last, headHash: prevHash, hashes };
}

const broken = (expected: number, problem: string): StreamVerdict => ({
  ok: false,
  entries: expected - 1,
  problem,
});

/** Chains shorter than this are hashed on the calling thread: starting threads would cost more. */
export const THREADS_FROM = 4 * RANGE;

/**
 * Runs `work` with ranges hashed in worker threads (one per core), then ends them. A range's bytes
 * move to the thread (transferred, not copied); its verdict comes back as plain data.
 */
export async function withHashers<T>(work: (hash: HashRange) => Promise<T>): Promise<T> {
  const count = Math.max(1, Math.min(4, availableParallelism()));
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./verify-hasher-entry.mjs', import.meta.url), { execArgv: [] }),
  );
  const waiting = new Map<number, { resolve: (r: RangeResult) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.on('message', (message: { id: number; result?: RangeResult; error?: string }) => {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.result) pending.resolve(message.result);
      else pending.reject(new Error(message.error ?? 'hashing failed'));
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`a hashing thread stopped (exit code ${code})`)));
  }
  let nextId = 0;
  const hash: HashRange = (bytes, from, keep) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      // A range's own buffer moves to the thread. A view into a shared one, or a buffer Node will not
      // let go (its small-buffer pool is untransferable on Node 24), is copied instead.
      const worker = workers[id % count] as Worker;
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      try {
        if (!own) throw new Error('a view: copy it');
        worker.postMessage({ id, bytes, from, keep }, [bytes.buffer as ArrayBuffer]);
      } catch {
        const copy = new Uint8Array(bytes);
        worker.postMessage({ id, bytes: copy, from, keep }, [copy.buffer]);
      }
    });
  try {
    return await work(hash);
  } finally {
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
