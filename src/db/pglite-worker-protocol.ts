/**
 * The messages between the server's thread and the thread that runs PGlite (src/db/pglite-worker.ts;
 * docs/decisions/0023-pglite-in-a-worker.md). Everything crosses by structured clone: Dates,
 * Uint8Arrays, bigints, arrays and plain objects arrive as they left. Functions do not cross, so a
 * query's custom parsers stay on the server's thread: the worker is told which type OIDs to hand
 * back as PostgreSQL's text, and the caller's parser turns that text into a value.
 */

export type RowMode = 'array' | 'object';

/** What the worker needs to open the database. */
export type WorkerStart = {
  dataDir: string;
  migrate: boolean;
  /** A data folder archive (`dumpDataDir`) to start from, as bytes. */
  loadDataDir?: Uint8Array;
  /** The role the session switches to for good once migrations are done. */
  role: string;
};

export type WorkerRequest =
  | {
      id: number;
      type: 'query';
      sql: string;
      params: unknown[];
      rowMode: RowMode;
      textTypes: number[];
      /** The file `COPY … FROM '/dev/blob'` reads (a Blob crosses to the worker as a copy). */
      blob?: Blob;
    }
  | { id: number; type: 'exec'; sql: string; rowMode: RowMode; textTypes: number[] }
  /** The sealed audit entries `from <= seq < to` as COPY text (src/db/audit-copy.ts). */
  | { id: number; type: 'auditCopy'; from: number; to: number }
  | { id: number; type: 'close' };

/** A PostgreSQL error's fields (code, constraint, detail, …) as plain data. */
export type SerialisedError = {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
};

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerialisedError }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerialisedError };

/** The error's own data fields; the failed query's options are left behind (they may hold functions). */
export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'queryOptions' || typeof value === 'function') continue;
    fields[key] = value;
  }
  if (error.cause !== undefined) fields.cause = serialiseError(error.cause);
  return { name: error.name, message: error.message, stack: error.stack, fields };
}
