/**
 * Writes the seeded clinic in bulk. Rows are buffered per table and inserted 1,000 at a time, one
 * statement each: `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[], …)`, one array parameter
 * per column. That keeps a statement at a dozen parameters however many rows it carries, and skips
 * the ORM's per-value query building, which cost more than the database itself. Values pass
 * through each Drizzle column's own `mapToDriverValue`, as an ordinary insert would.
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
import { type Column, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { auditEvent, careRelationship, client } from '../db/schema';
import type { AccessGate, Scope } from '../modules/access/gate';
import { clientKey } from '../modules/access/tables';
import { appointment } from '../modules/agenda/tables';
import { entryHash } from '../modules/audit/chain';
import type { AuditEntry } from '../modules/audit/events';
import { dossierEmail, homeProduct, skinAnalysis, treatment } from '../modules/dossier/tables';
import { intake } from '../modules/intake/tables';
import { photo, photoSet } from '../modules/photos/tables';
import { consentRecord } from '../modules/privacy/tables';
import type { BlobStore } from '../platform/storage';

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
    private readonly flushAt = 20_000,
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
    if (this.buffered >= this.flushAt) await this.flush();
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
      for (const [name, table] of Object.entries(seedTables) as [SeedTable, PgTable][]) {
        await insertRows(scope, table, batch.rows.get(name) ?? []);
      }
      await appendChained(scope, batch.entries);
    });
  }
}

/** Sealed entries in bulk: the sealer's numbering and hashes, the head locked from here to commit. */
async function appendChained(scope: Scope, entries: AuditEntry[]): Promise<void> {
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
  await insertRows(scope, auditEvent, chained);
  await scope.tx.execute(sql`update audit_head set seq = ${seq}, hash = ${prevHash} where id = true`);
}

/** Inserts rows (objects keyed by the table's property names) in statements of 1,000. */
async function insertRows(scope: Scope, table: PgTable, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT) as Record<string, unknown>[];
    const arrays = columns.map(([key, column]) => columnArray(column, slice, key));
    await scope.tx.execute(
      sql`insert into ${table} (${sql.join(
        columns.map(([, column]) => sql.identifier(column.name)),
        sql`, `,
      )}) select * from unnest(${sql.join(arrays, sql`, `)})`,
    );
  }
}

function columnArray(column: Column, rows: Record<string, unknown>[], key: string) {
  const values = rows.map((row) => {
    const value = row[key];
    return value === undefined || value === null ? null : column.mapToDriverValue(value);
  });
  return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
}

function emptyBatch(): Batch {
  return { rows: new Map(), entries: [], blobs: [] };
}
