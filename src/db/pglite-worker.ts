/**
 * The thread that runs PGlite (docs/decisions/0023-pglite-in-a-worker.md), started by
 * src/db/pglite-in-worker.ts through pglite-worker-entry.mjs. It opens the database, then answers
 * each request with its result or its error's fields. Order and transactions are the server
 * thread's business: it sends a transaction's statements only while it holds the connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, QueryOptions } from '@electric-sql/pglite';
import { copyAuditRangeFromPglite } from './audit-copy';
import { MigrationFailed } from './migrate';
import { PgliteStartFailed, startPglite } from './pglite-open';
import {
  type RowMode,
  serialiseError,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStart,
} from './pglite-worker-protocol';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs in a worker thread');
const start = workerData as WorkerStart;
const reply = (message: WorkerReply) =>
  port.postMessage(
    message,
    // A COPY range's bytes move to the server's thread instead of being copied.
    message.type === 'result' && message.result instanceof Uint8Array
      ? [message.result.buffer as ArrayBuffer]
      : [],
  );

let client: PGlite | undefined;
try {
  client = await startPglite(start.dataDir, {
    migrate: start.migrate,
    role: start.role,
    ...(start.loadDataDir ? { loadDataDir: new Blob([start.loadDataDir as Uint8Array<ArrayBuffer>]) } : {}),
  });
} catch (error) {
  const kind =
    error instanceof PgliteStartFailed ? 'start' : error instanceof MigrationFailed ? 'migrate' : 'other';
  reply({ type: 'failed', error: { ...serialiseError(error), name: kind } });
  port.close();
}

if (client) {
  const pglite = client;
  port.on('message', (request: WorkerRequest) => {
    const fail = (error: unknown) => reply({ type: 'error', id: request.id, error: serialiseError(error) });
    answer(pglite, request).then((result) => {
      try {
        reply({ type: 'result', id: request.id, result });
      } catch (error) {
        fail(error); // a value that cannot be cloned fails this query, not the thread
      }
    }, fail);
  });
  reply({ type: 'ready' });
}

async function answer(pglite: PGlite, request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'query':
      return pglite.query(request.sql, request.params, {
        ...queryOptions(request.rowMode, request.textTypes),
        ...(request.blob ? { blob: request.blob } : {}),
      });
    case 'exec':
      return pglite.exec(request.sql, queryOptions(request.rowMode, request.textTypes));
    case 'auditCopy':
      return copyAuditRangeFromPglite(pglite, request.from, request.to);
    case 'close':
      await pglite.close();
      // Answer first, then let the thread end: nothing else keeps it alive.
      setImmediate(() => port?.close());
      return null;
  }
}

const asText = (value: string) => value;

/** The row shape, and the types left as PostgreSQL's text for the caller's own parsers. */
function queryOptions(rowMode: RowMode, textTypes: number[]): QueryOptions {
  if (textTypes.length === 0) return { rowMode };
  return { rowMode, parsers: Object.fromEntries(textTypes.map((oid) => [oid, asText])) };
}
