/**
 * PGlite in a worker thread (docs/decisions/0023-pglite-in-a-worker.md): while a query runs, the
 * server's thread keeps reading requests, answering health checks and serving files.
 *
 * `PgliteInWorker` has the part of PGlite's interface that Drizzle's pglite driver and Vellum use:
 * `query`, `exec`, `transaction`, `close`. PGlite has one connection, and so does this: a
 * transaction holds it from BEGIN to COMMIT, and every other query waits its turn, as in PGlite.
 * If the thread dies, every waiting and later query fails with `DatabaseUnavailable`; none hangs.
 * The thread keeps the process alive only while a request is under way, so an idle database never
 * holds up the process's exit, and it ends with the process.
 */
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { DatabaseUnavailable } from './database-unavailable';
import { MigrationFailed } from './migrate';
import type {
  RowMode,
  SerialisedError,
  WorkerReply,
  WorkerRequest,
  WorkerStart,
} from './pglite-worker-protocol';

/** A PostgreSQL error raised in the worker, with its fields (code, constraint, detail, …). */
export class PgliteError extends Error {
  [field: string]: unknown;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type Parsers = NonNullable<QueryOptions['parsers']>;
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

const CLOSE_GRACE_MS = 10_000;
const BUSY_IS_ALIVE_MS = 10_000;

export class PgliteInWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  /** Set once the thread is gone: the reason every later request fails. */
  #gone: Error | undefined;
  #closing = false;
  /** Whether a query or a transaction holds the connection now. */
  #holding = false;
  /** When the thread last showed progress: its last answer, or the start of a turn. */
  #lastProgress = Date.now();
  /** The one connection: a plain query or a whole transaction at a time. */
  #turn: Promise<unknown> = Promise.resolve();

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WorkerReply) => this.#receive(message));
    worker.on('error', (error) => this.#lose(`its thread failed: ${error.message}`));
    worker.on('exit', (code) => this.#lose(`its thread stopped (exit code ${code})`));
  }

  /** Starts the thread and opens (and migrates) the database in it. */
  static async start(start: WorkerStart): Promise<PgliteInWorker> {
    const worker = new Worker(new URL('./pglite-worker-entry.mjs', import.meta.url), {
      workerData: start,
      // The entry registers tsx itself; the parent's flags (a test runner's, tsx's) are not needed.
      execArgv: [],
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerReply) => {
        if (message.type === 'ready') {
          done();
          resolve();
        } else if (message.type === 'failed') {
          done();
          reject(startError(message.error, start.dataDir));
        }
      };
      const onExit = (code: number) => {
        done();
        reject(
          new DatabaseUnavailable(
            `the embedded database's thread stopped while starting (exit code ${code})`,
          ),
        );
      };
      const onError = (error: Error) => {
        done();
        reject(
          new DatabaseUnavailable(`the embedded database's thread failed while starting: ${error.message}`),
        );
      };
      const done = () => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
    });
    try {
      await ready;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    const client = new PgliteInWorker(worker);
    client.#refresh();
    return client;
  }

  get closed(): boolean {
    return this.#closing || this.#gone !== undefined;
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#inTurn(() => this.#query<T>(sql, params, options));
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.#inTurn(() => this.#exec(sql, options));
  }

  /** The sealed audit entries `from <= seq < to` as COPY text, in its turn (src/db/audit-copy.ts). */
  copyAuditRange(from: number, to: number): Promise<Uint8Array> {
    return this.#inTurn(() => this.#send({ type: 'auditCopy', from, to }) as Promise<Uint8Array>);
  }

  /**
   * Whether the database answers, without queueing behind a long query: while the thread is busy
   * and has shown progress within the last ten seconds it is up; otherwise it must run `select 1`.
   */
  async ping(): Promise<void> {
    if (this.#gone) throw this.#gone;
    if (this.#holding && Date.now() - this.#lastProgress < BUSY_IS_ALIVE_MS) return;
    await this.query('select 1');
  }

  /** BEGIN, the callback's queries, COMMIT (ROLLBACK if it throws), with the connection held throughout. */
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#inTurn(async () => {
      await this.#exec('BEGIN');
      let open = true;
      const ensureOpen = () => {
        if (!open) throw new Error('Transaction is closed');
      };
      const tx = {
        query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
          ensureOpen();
          return this.#query<R>(sql, params ?? [], options);
        },
        sql: () => {
          throw new Error('tagged-template queries are not supported here; use query()');
        },
        exec: (sql: string, options?: QueryOptions) => {
          ensureOpen();
          return this.#exec(sql, options);
        },
        rollback: async () => {
          ensureOpen();
          await this.#exec('ROLLBACK');
          open = false;
        },
        listen: () => {
          throw new Error('LISTEN is not supported here');
        },
        get closed() {
          return !open;
        },
      } as unknown as Transaction;
      try {
        const result = await callback(tx);
        if (open) {
          open = false;
          await this.#exec('COMMIT');
        }
        return result;
      } catch (error) {
        if (open) {
          open = false;
          await this.#exec('ROLLBACK').catch(() => {});
        }
        throw error;
      }
    });
  }

  /** Closes the database and ends the thread; gives up waiting after ten seconds and ends it anyway. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (!this.#gone) {
      const closed = this.#inTurn(() => this.#send({ type: 'close' })).catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
        timer.unref();
      });
      await Promise.race([closed, timeout]);
      clearTimeout(timer);
    }
    await this.#worker.terminate();
  }

  /** Ends the thread at once, as a crash would (for tests). */
  async kill(): Promise<void> {
    await this.#worker.terminate();
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(async () => {
      this.#holding = true;
      this.#lastProgress = Date.now();
      try {
        return await work();
      } finally {
        this.#holding = false;
      }
    });
    this.#turn = result.catch(() => {});
    return result;
  }

  async #query<T>(sql: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const parsers = options?.parsers;
    const result = (await this.#send({
      type: 'query',
      sql,
      params,
      rowMode: rowModeOf(options),
      textTypes: textTypesOf(options),
      ...(options?.blob ? { blob: options.blob } : {}),
    })) as Results<T>;
    return parsers ? parse(result, parsers) : result;
  }

  async #exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    const parsers = options?.parsers;
    const results = (await this.#send({
      type: 'exec',
      sql,
      rowMode: rowModeOf(options),
      textTypes: textTypesOf(options),
    })) as Results[];
    return parsers ? results.map((result) => parse(result, parsers)) : results;
  }

  #send(request: Request): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    if (this.#closing && request.type !== 'close') {
      return Promise.reject(new DatabaseUnavailable('the embedded database is closed'));
    }
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...request, id });
      } catch (error) {
        reject(error);
        return;
      }
      this.#pending.set(id, { resolve, reject });
      this.#refresh();
    });
  }

  #receive(message: WorkerReply): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    this.#lastProgress = Date.now();
    this.#refresh();
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(revive(message.error));
  }

  /** The thread is gone: every waiting request fails, and so does every later one. */
  #lose(reason: string): void {
    if (this.#gone) return;
    this.#gone = new DatabaseUnavailable(
      this.#closing ? 'the embedded database is closed' : `the embedded database stopped: ${reason}`,
    );
    for (const pending of this.#pending.values()) pending.reject(this.#gone);
    this.#pending.clear();
  }

  /** Keeps the process alive while a request is under way, and only then. */
  #refresh(): void {
    if (this.#pending.size > 0) this.#worker.ref();
    else this.#worker.unref();
  }
}

function rowModeOf(options: QueryOptions | undefined): RowMode {
  if (options?.serializers) throw new Error('custom serializers are not supported by PGlite in a worker');
  return options?.rowMode ?? 'object';
}

function textTypesOf(options: QueryOptions | undefined): number[] {
  return options?.parsers ? Object.keys(options.parsers).map(Number) : [];
}

/** Applies the caller's parsers to the columns the worker left as text. */
function parse<T>(result: Results<T>, parsers: Parsers): Results<T> {
  const columns = result.fields
    .map((field, index) => ({ index, name: field.name, parser: parsers[field.dataTypeID] }))
    .filter((column) => column.parser !== undefined);
  if (columns.length === 0) return result;
  for (const row of result.rows as unknown[]) {
    const values = row as Record<string | number, unknown>;
    for (const column of columns) {
      const key = Array.isArray(row) ? column.index : column.name;
      const value = values[key];
      if (value !== null && value !== undefined) values[key] = column.parser?.(value as string);
    }
  }
  return result;
}

/** The worker's error as an Error with the same PostgreSQL fields, and its cause. */
function revive(serialised: SerialisedError): Error {
  const { cause, ...fields } = serialised.fields;
  const error = new PgliteError(
    serialised.message,
    cause ? { cause: revive(cause as SerialisedError) } : undefined,
  );
  Object.assign(error, fields);
  error.name = serialised.name;
  if (serialised.stack) error.stack = serialised.stack;
  return error;
}

function startError(serialised: SerialisedError, dataDir: string): Error {
  const cause = revive({ ...serialised, name: 'Error' });
  if (serialised.name === 'start') {
    return new DatabaseUnavailable(`cannot open the embedded database in ${dataDir}: ${serialised.message}`, {
      cause,
    });
  }
  if (serialised.name === 'migrate') return new MigrationFailed(serialised.message, { cause });
  return cause;
}
