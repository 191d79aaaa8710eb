/**
 * Writes the seeded clinic in bulk. Rows are buffered per table; values pass through each Drizzle
 * column's own `mapToDriverValue`, as an ordinary insert would. How a table's rows reach the
 * database (`writeRows`, one interface for both):
 *
 * - On a PostgreSQL server, with COPY (copy-text.ts encodes the rows): COPY … FROM STDIN into a
 *   temporary staging table, then one `INSERT INTO t SELECT … FROM` it. Not straight into the table:
 *   PostgreSQL refuses COPY FROM into a table whose row-level security applies to the role, and the
 *   seed writes as the app role under it (see below). The staging table has no indexes, checks or
 *   policies, so COPY fills it at the speed of parsing; the INSERT … SELECT then checks every row
 *   against the policies as any insert does.
 * - On PGlite, `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[], …)`, 1,000 rows a statement,
 *   one array parameter per column: PGlite reads COPY data only from its virtual `/dev/blob` file,
 *   which PostgreSQL lets only a superuser (or `pg_read_server_files`) read — not the app role.
 *
 * Audit entries are inserted sealed, as the sealer (modules/audit/seal.ts) chains entries, in form 1
 * (no stripe): lock the head row (the sealer takes the same lock), number the entries on from it,
 * hash each with the same `entryHash`, insert, move the head. Each flush is one transaction, so every
 * committed flush leaves a valid chain, even if a running server seals between two flushes. Photo files go into the blob store before their rows
 * (as an upload does): a failed flush leaves only files without rows, which the server's orphan
 * sweep removes.
 *
 * Each flush runs through the access gate acting as `system`: as the app role, under row-level
 * security, with the policies' `system` rule (see seed.ts for why not as the owner).
 *
 * One flush may be in flight while the caller prepares the next one; flushes commit in order.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Column, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { auditEvent, careRelationship, client } from '../db/schema';
import type { AccessGate, Scope, Tx } from '../modules/access/gate';
import { clientKey } from '../modules/access/tables';
import { appointment } from '../modules/agenda/tables';
import { entryHash } from '../modules/audit/chain';
import type { AuditEntry } from '../modules/audit/events';
import { dossierEmail, homeProduct, skinAnalysis, treatment } from '../modules/dossier/tables';
import { intake } from '../modules/intake/tables';
import { photo, photoSet } from '../modules/photos/tables';
import { consentRecord } from '../modules/privacy/tables';
import type { BlobStore } from '../platform/storage';
import { copyLine, pgLiteral } from './copy-text';

/** The tables the seed fills in bulk, in an order that satisfies their foreign keys. */
const seedTables = {
  client,
  clientKey,
  careRelationship,
  appointment,
  consentRecord,
  intake,
  treatment,
  skinAnalysis,
  homeProduct,
  dossierEmail,
  photoSet,
  photo,
} as const;

export type SeedTable = keyof typeof seedTables;
export type SeedRow<T extends SeedTable> = (typeof seedTables)[T]['$inferInsert'];
export type SeedCounts = Record<SeedTable, number> & { auditEntries: number; photoFiles: number };

const ROWS_PER_STATEMENT = 1_000;
const PARALLEL_FILES = 16;
const SEED_ACTOR = { kind: 'system', name: 'seed' } as const;

type Batch = {
  rows: Map<SeedTable, object[]>;
  entries: AuditEntry[];
  blobs: { key: string; bytes: Buffer }[];
};

export class BulkWriter {
  readonly counts: SeedCounts = {
    ...(Object.fromEntries(Object.keys(seedTables).map((name) => [name, 0])) as Record<SeedTable, number>),
    auditEntries: 0,
    photoFiles: 0,
  };
  private batch: Batch = emptyBatch();
  private buffered = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly gate: AccessGate,
    private readonly store: BlobStore,
    private readonly options: { flushAt?: number; copy?: boolean } = {},
  ) {}

  add<T extends SeedTable>(table: T, row: SeedRow<T>): void {
    const rows = this.batch.rows.get(table) ?? [];
    rows.push(row);
    this.batch.rows.set(table, rows);
    this.counts[table] += 1;
    this.buffered += 1;
  }

  /** Entries in the order they must be chained (the caller sorts them by time). */
  audit(entries: AuditEntry[]): void {
    for (const entry of entries) this.batch.entries.push(entry);
    this.counts.auditEntries += entries.length;
    this.buffered += entries.length;
  }

  blob(key: string, bytes: Buffer): void {
    this.batch.blobs.push({ key, bytes });
    this.counts.photoFiles += 1;
  }

  /** Starts writing once enough is buffered; call where the rows and entries buffered agree. */
  async flushWhenFull(): Promise<void> {
    if (this.buffered >= (this.options.flushAt ?? 20_000)) await this.flush();
  }

  /** Waits for the write in flight, then starts writing the buffer. */
  async flush(): Promise<void> {
    await this.settle();
    const batch = this.batch;
    this.batch = emptyBatch();
    this.buffered = 0;
    this.inFlight = this.write(batch).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Writes everything left and waits until it is committed. */
  async finish(): Promise<void> {
    await this.flush();
    await this.settle();
  }

  private async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  private async write(batch: Batch): Promise<void> {
    for (let i = 0; i < batch.blobs.length; i += PARALLEL_FILES) {
      await Promise.all(batch.blobs.slice(i, i + PARALLEL_FILES).map((b) => this.store.put(b.key, b.bytes)));
    }
    await this.gate.act(SEED_ACTOR, 'cli:seed', async (scope) => {
      // A seed that crashes is run again on a fresh database: no need to wait for each flush's WAL.
      await scope.tx.execute(sql`set local synchronous_commit = off`);
      for (const [name, table] of Object.entries(seedTables) as [SeedTable, PgTable][]) {
        await writeRows(scope.tx, table, batch.rows.get(name) ?? [], this.options);
      }
      await appendChained(scope, batch.entries, this.options);
    });
  }
}

/**
 * Sealed entries in bulk: the sealer's numbering and hashes (form 1), the head locked from here to
 * commit. The one place the seed writes audit rows.
 */
async function appendChained(
  scope: Scope,
  entries: AuditEntry[],
  options: { copy?: boolean },
): Promise<void> {
  if (entries.length === 0) return;
  const head = await scope.tx.execute(sql`select seq, hash from audit_head where id = true for update`);
  const [row] = (head as unknown as { rows: { seq: string | number; hash: string }[] }).rows;
  if (!row) throw new Error('the audit chain has no head row');
  let seq = Number(row.seq);
  let prevHash = row.hash;
  const chained = entries.map((entry) => {
    seq += 1;
    const link = { ...entry, seq, prevHash };
    prevHash = entryHash(link);
    return { ...link, hash: prevHash };
  });
  await writeRows(scope.tx, auditEvent, chained, options);
  await scope.tx.execute(sql`update audit_head set seq = ${seq}, hash = ${prevHash} where id = true`);
}

type Columns = [key: string, column: Column][];

/**
 * Writes rows (objects keyed by the table's property names) in the transaction: with COPY where the
 * transaction runs on a PostgreSQL server connection, in INSERTs of 1,000 rows otherwise.
 */
export async function writeRows(
  tx: Tx,
  table: PgTable,
  rows: object[],
  options: { copy?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns: Columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const connection = options.copy === false ? undefined : serverConnection(tx);
  if (connection) await copyRows(tx, connection, table, columns, rows as Record<string, unknown>[]);
  else await insertRows(tx, table, columns, rows as Record<string, unknown>[]);
}

/** The transaction's own pg connection, if it runs on a PostgreSQL server (not on PGlite). */
function serverConnection(tx: Tx): pg.ClientBase | undefined {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}

const COPY_CHUNK = 1 << 20;

/**
 * COPY into a staging table with the columns written (their types only; dropped at commit), then
 * INSERT … SELECT from it under the table's policies.
 */
async function copyRows(
  tx: Tx,
  connection: pg.ClientBase,
  table: PgTable,
  columns: Columns,
  rows: Record<string, unknown>[],
): Promise<void> {
  const stage = sql.identifier(`seed_stage_${getTableName(table)}`);
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  await tx.execute(
    sql`create temporary table ${stage} on commit drop as select ${names} from ${table} with no data`,
  );
  const quoted = columns.map(([, column]) => `"${column.name.replace(/"/g, '""')}"`).join(', ');
  const copy = connection.query(
    copyFrom(`copy pg_temp."seed_stage_${getTableName(table)}" (${quoted}) from stdin`),
  );
  await pipeline(Readable.from(copyChunks(columns, rows)), copy);
  await tx.execute(sql`insert into ${table} (${names}) select ${names} from pg_temp.${stage}`);
}

/** The rows as COPY text, in chunks of about a megabyte. */
function* copyChunks(columns: Columns, rows: Record<string, unknown>[]): Generator<string> {
  let chunk = '';
  const values: unknown[] = new Array(columns.length);
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) {
      const [key, column] = columns[c] as [string, Column];
      const value = row[key];
      values[c] = value === undefined || value === null ? null : column.mapToDriverValue(value);
    }
    chunk += copyLine(values);
    if (chunk.length >= COPY_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * INSERT … SELECT … FROM unnest(…), 1,000 rows a statement. unnest flattens an array of arrays, so
 * an array column travels as the text of each value's literal and is cast back in the SELECT.
 */
async function insertRows(
  tx: Tx,
  table: PgTable,
  columns: Columns,
  rows: Record<string, unknown>[],
): Promise<void> {
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const selected = sql.join(
    columns.map(([, column], c) =>
      isArray(column) ? sql.raw(`u.c${c}::${column.getSQLType()}`) : sql.raw(`u.c${c}`),
    ),
    sql`, `,
  );
  const aliases = sql.raw(columns.map((_, c) => `c${c}`).join(', '));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const arrays = columns.map(([key, column]) => columnArray(column, slice, key));
    await tx.execute(
      sql`insert into ${table} (${names}) select ${selected} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`,
    );
  }
}

function isArray(column: Column): boolean {
  return column.getSQLType().endsWith('[]');
}

function columnArray(column: Column, rows: Record<string, unknown>[], key: string) {
  const array = isArray(column);
  const values = rows.map((row) => {
    const value = row[key];
    if (value === undefined || value === null) return null;
    const driverValue = column.mapToDriverValue(value);
    return array ? pgLiteral(driverValue) : driverValue;
  });
  return sql`${sql.param(values)}::${sql.raw(array ? 'text' : column.getSQLType())}[]`;
}

function emptyBatch(): Batch {
  return { rows: new Map(), entries: [], blobs: [] };
}
