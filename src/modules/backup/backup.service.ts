import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Config, version } from '../../config';
import type { Database } from '../../db/connection';
import { Conflict } from '../../platform/errors';
import { tryJobLock } from '../../platform/job-lock';
import { backupKey, installationId, keysFolderOf } from '../../platform/keys-folder';
import { BackupRefused, BackupWriter, type Manifest, readEntries, readHeader } from './backup-file';

/** The transaction type both drivers hand a transaction callback. */
type Tx = Parameters<Parameters<Database['db']['transaction']>[0]>[0];

const SUFFIX = '.vellum-backup';
const FETCH = 2000;
const INSERT_BATCH = 2000;

export type BackupResult = { file: string; bytes: number; seconds: number; manifest: Manifest };
export type BackupStatus = {
  at: string;
  result: 'ok' | 'failed';
  file?: string;
  bytes?: number;
  seconds?: number;
  error?: string;
  /** The last backup that worked, kept across failures so the owner's page can say how old it is. */
  lastGoodAt?: string;
};

/** How far a long run is: tables or photo files done of their total, or bytes of the file checked. */
export type BackupProgress = { step: 'tables' | 'photos' | 'check'; done: number; total: number };
type ProgressOption = { progress?: (progress: BackupProgress) => void };

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Steps out of the app role for this transaction: a backup and a restore need every row. */
async function asDatabaseOwner(tx: Tx): Promise<void> {
  const [me] = rowsOf<{ name: string }>(await tx.execute(sql`select session_user::text as name`));
  await tx.execute(sql.raw(`set local role ${JSON.stringify(me?.name ?? 'postgres')}`));
}

async function publicTables(tx: Tx): Promise<string[]> {
  return rowsOf<{ name: string }>(
    await tx.execute(
      sql`select tablename::text as name from pg_tables where schemaname = 'public' order by tablename`,
    ),
  ).map((r) => r.name);
}

async function appliedMigrations(tx: Tx): Promise<string[]> {
  return rowsOf<{ hash: string }>(
    await tx.execute(sql`select hash from drizzle.__drizzle_migrations order by created_at, id`),
  ).map((r) => r.hash);
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
}

function photoFolder(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'photos');
}

/**
 * Makes one backup file: the database as of one snapshot (every table of the public schema, read in
 * one REPEATABLE READ transaction as the owner, plus the sequences) and the photo files of the photo
 * rows in that snapshot (unless the photos are in object storage: then none, and the manifest says so), encrypted with the backup key (decision 0017). Written under a temporary
 * name and renamed only when complete and synced, so a failed backup never leaves a file that looks
 * good. On PGlite the transaction holds the one connection: requests wait until the backup is done.
 */
export async function createBackup(
  config: Config,
  database: Database,
  options: { dir?: string; now?: Date } & ProgressOption = {},
): Promise<BackupResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const dir = path.resolve(options.dir ?? config.backupDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = backupKey(config, { create: true });
  const installation = installationId(config);
  const backupId = randomUUID();
  const name = `vellum-${stamp(now)}${SUFFIX}`;
  const final = path.join(dir, name);
  const temporary = path.join(dir, `.${name}.${process.pid}.partial`);
  const file = await open(temporary, 'wx', 0o600);
  try {
    const writer = await BackupWriter.start(file, key, {
      backupId,
      installationId: installation,
      createdAt: now.toISOString(),
    });
    const manifest = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      if (!(await tryJobLock(tx, 'backup'))) throw new Conflict('a backup is already being made');
      await asDatabaseOwner(tx);
      const tables: Manifest['tables'] = {};
      const names = await publicTables(tx);
      options.progress?.({ step: 'tables', done: 0, total: names.length });
      for (const [done, table] of names.entries()) {
        const lines: string[] = [];
        await tx.execute(
          sql.raw(
            `declare backup_rows no scroll cursor for select row_to_json(t)::text as r from public.${JSON.stringify(table)} t`,
          ),
        );
        for (;;) {
          const batch = rowsOf<{ r: string }>(await tx.execute(sql.raw(`fetch ${FETCH} from backup_rows`)));
          for (const row of batch) lines.push(row.r);
          if (batch.length < FETCH) break;
        }
        await tx.execute(sql.raw('close backup_rows'));
        tables[table] = { rows: lines.length };
        await writer.add(`db/${table}.jsonl`, Buffer.from(lines.length ? `${lines.join('\n')}\n` : ''));
        options.progress?.({ step: 'tables', done: done + 1, total: names.length });
      }
      const sequences = rowsOf<{ name: string; value: string | null }>(
        await tx.execute(
          sql`select sequencename::text as name, last_value::text as value from pg_sequences where schemaname = 'public'`,
        ),
      );
      await writer.add('db/sequences.json', Buffer.from(JSON.stringify(sequences)));
      const migrations = await appliedMigrations(tx);
      const [installed] = rowsOf<{ erasures: number }>(
        await tx.execute(sql`select erasures from vellum_installation`),
      );
      // The files of the photo rows in this snapshot; a file an erasure removed meanwhile is
      // listed as missing (a restore erases that client again anyway).
      const photos = rowsOf<{ id: string }>(
        await tx.execute(sql`select id::text as id from photo order by id`),
      );
      const missing: string[] = [];
      let photoBytes = 0;
      let files = 0;
      // Photos in a bucket stay there: this file holds none and says so (the bucket's own
      // versioning or replication backs them up; README, "Object storage").
      const inBucket = config.s3 ? { bucket: config.s3.bucket, files: 2 * photos.length } : undefined;
      for (const [i, { id }] of (inBucket ? [] : photos).entries()) {
        for (const size of ['display', 'thumb']) {
          const key = `${id}.${size}`;
          const bytes = await readFile(path.join(photoFolder(config), key)).catch(
            (error: NodeJS.ErrnoException) => {
              if (error.code === 'ENOENT') return undefined;
              throw error;
            },
          );
          if (!bytes) {
            missing.push(key);
            continue;
          }
          await writer.add(`photos/${key}`, bytes);
          photoBytes += bytes.length;
          files += 1;
        }
        // In files, as the manifest and a restore count them: two a photo (display, thumb).
        options.progress?.({ step: 'photos', done: 2 * (i + 1), total: 2 * photos.length });
      }
      return writer.finish({
        format: 1,
        backupId,
        installationId: installation,
        createdAt: now.toISOString(),
        vellumVersion: version,
        database: database.kind,
        migrations,
        tables,
        photos: { files, bytes: photoBytes, missing, ...(inBucket ? { inObjectStore: inBucket } : {}) },
        erasures: installed?.erasures ?? 0,
      });
    });
    await file.sync();
    await file.close();
    await rename(temporary, final);
    await syncFolder(dir);
    const bytes = (await stat(final)).size;
    return { file: final, bytes, seconds: (performance.now() - started) / 1000, manifest };
  } catch (error) {
    await file.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems do not sync folders; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** Decrypts the whole file and checks every entry against the manifest; returns the manifest. */
export async function verifyBackup(
  config: Config,
  file: string,
  options: ProgressOption = {},
): Promise<Manifest> {
  const key = backupKey(config, { create: false });
  const handle = await openBackup(file);
  const checked = options.progress
    ? (done: number, total: number) => options.progress?.({ step: 'check', done, total })
    : undefined;
  try {
    for await (const item of readEntries(handle, key, {}, checked)) {
      if ('manifest' in item) return item.manifest;
    }
  } finally {
    await handle.close();
  }
  throw new BackupRefused('this backup file has no manifest');
}

async function openBackup(file: string) {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new BackupRefused(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Is the configured target empty: no PGlite database and no photos in the data folder? */
export function emptyDataFolderProblem(config: Config): string | undefined {
  const nonEmpty = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;
  if (!config.databaseUrl && nonEmpty(path.join(config.dataDir, 'pgdata')))
    return `the data folder ${config.dataDir} already holds a database: restore into an empty data folder (set VELLUM_DATA_DIR to a new folder)`;
  if (nonEmpty(photoFolder(config)))
    return `the data folder ${config.dataDir} already holds photos: restore into an empty data folder`;
  return undefined;
}

export type RestoreResult = { manifest: Manifest; seconds: number; rows: number; photos: number };

/**
 * Restores a backup into an empty database and an empty photo folder. The whole file is decrypted
 * and checked before anything is written; the rows then go in in one transaction (as the owner,
 * triggers and foreign-key checks off while the snapshot is put back, every table of the snapshot
 * truncated first so migration defaults do not clash), the photos into a folder renamed into place
 * after the commit. The caller then settles the erasures done since the backup (settleErasures) and
 * records the restore in the audit trail.
 */
export async function restoreBackup(
  config: Config,
  database: Database,
  file: string,
  options: ProgressOption = {},
): Promise<RestoreResult> {
  const started = performance.now();
  const key = backupKey(config, { create: false });
  const manifest = await verifyBackup(config, file, options);
  const photos = photoFolder(config);
  const staging = `${photos}.restoring`;
  let rows = 0;
  let photoFiles = 0;
  let tablesDone = 0;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const handle = await openBackup(file);
  try {
    await database.db.transaction(async (tx) => {
      await asDatabaseOwner(tx);
      const current = await appliedMigrations(tx);
      const unknown = manifest.migrations.filter((hash) => !current.includes(hash));
      if (unknown.length > 0)
        throw new BackupRefused(
          `this backup was made by a newer Vellum (${manifest.vellumVersion}, ${unknown.length} migrations this one does not know): restore it with that version`,
        );
      const [held] = rowsOf<{ n: number }>(
        await tx.execute(
          sql`select ((select count(*) from clinic) + (select count(*) from staff) + (select count(*) from client))::int as n`,
        ),
      );
      if ((held?.n ?? 0) > 0)
        throw new BackupRefused(
          'the database is not empty (it holds a clinic): restore into an empty database',
        );
      await tx.execute(sql`set local session_replication_role = replica`);
      const tables = await publicTables(tx);
      const restored = Object.keys(manifest.tables).filter((t) => tables.includes(t));
      if (restored.length > 0)
        await tx.execute(
          sql.raw(`truncate table ${restored.map((t) => JSON.stringify(t)).join(', ')} cascade`),
        );
      for await (const item of readEntries(handle, key)) {
        if ('manifest' in item) break;
        if (item.name.startsWith('photos/')) {
          await writeFile(path.join(staging, path.basename(item.name)), item.bytes, { mode: 0o600 });
          photoFiles += 1;
          options.progress?.({ step: 'photos', done: photoFiles, total: manifest.photos.files });
        } else if (item.name === 'db/sequences.json') {
          for (const s of JSON.parse(item.bytes.toString('utf8')) as {
            name: string;
            value: string | null;
          }[]) {
            if (s.value !== null)
              await tx.execute(sql`select setval(${`public.${JSON.stringify(s.name)}`}, ${s.value}::bigint)`);
          }
        } else if (item.name.startsWith('db/') && item.name.endsWith('.jsonl')) {
          const table = item.name.slice(3, -'.jsonl'.length);
          if (!restored.includes(table)) continue;
          rows += await insertRows(tx, table, item.bytes.toString('utf8'));
          tablesDone += 1;
          options.progress?.({ step: 'tables', done: tablesDone, total: restored.length });
        }
      }
      // Entries not yet sealed when the backup was made carry transaction ids of the old server,
      // which this one's sealer cannot judge: they become this restore's, sealed once it commits
      // (decision 0022). Triggers are off here (replica role), the one place this update is allowed.
      if (restored.includes('audit_event'))
        await tx.execute(sql`update audit_event set xid = pg_current_xact_id() where seq is null`);
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await handle.close();
  }
  // The target was checked empty; photos go into place only after the rows committed.
  await rm(photos, { recursive: true, force: true });
  await rename(staging, photos);
  return { manifest, seconds: (performance.now() - started) / 1000, rows, photos: photoFiles };
}

/** Inserts a table's rows (JSON lines) with only the columns both the backup and this schema have. */
async function insertRows(tx: Tx, table: string, jsonl: string): Promise<number> {
  const lines = jsonl.split('\n').filter(Boolean);
  if (lines.length === 0) return 0;
  const columns = rowsOf<{ name: string }>(
    await tx.execute(
      sql`select column_name::text as name from information_schema.columns
          where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
          order by ordinal_position`,
    ),
  ).map((c) => c.name);
  const present = new Set(Object.keys(JSON.parse(lines[0] ?? '{}') as object));
  const shared = columns.filter((c) => present.has(c));
  const list = shared.map((c) => JSON.stringify(c)).join(', ');
  const name = JSON.stringify(table);
  for (let i = 0; i < lines.length; i += INSERT_BATCH) {
    const batch = `[${lines.slice(i, i + INSERT_BATCH).join(',')}]`;
    await tx.execute(
      sql`${sql.raw(`insert into public.${name} (${list}) overriding system value select ${list} from json_populate_recordset(null::public.${name}, `)}${batch}::json)`,
    );
  }
  return lines.length;
}

/** Deletes backups older than the kept period, and partial files a crash left (over a day old). */
export async function pruneBackups(dir: string, keepDays: number, now = new Date()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const full = path.join(dir, name);
    const age = now.getTime() - (await stat(full)).mtime.getTime();
    const old =
      (name.endsWith(SUFFIX) && age > keepDays * 86_400_000) ||
      (name.endsWith('.partial') && age > 86_400_000);
    if (old) {
      await rm(full, { force: true });
      removed.push(name);
    }
  }
  return removed;
}

export function statusFile(config: Pick<Config, 'backupDir'>): string {
  return path.join(config.backupDir, 'last-backup.json');
}

/** Records the last backup's result; a failure keeps the time of the last backup that worked. */
export async function writeStatus(config: Pick<Config, 'backupDir'>, status: BackupStatus): Promise<void> {
  const lastGoodAt = status.result === 'ok' ? status.at : (await readStatus(config))?.lastGoodAt;
  await mkdir(config.backupDir, { recursive: true, mode: 0o700 });
  const written: BackupStatus = { ...status, ...(lastGoodAt ? { lastGoodAt } : {}) };
  await writeFile(statusFile(config), `${JSON.stringify(written)}\n`, { mode: 0o600 });
}

export async function readStatus(config: Pick<Config, 'backupDir'>): Promise<BackupStatus | undefined> {
  try {
    return JSON.parse(await readFile(statusFile(config), 'utf8')) as BackupStatus;
  } catch {
    return undefined;
  }
}

/** For `backup verify`: what the clear header says, before any key is used. */
export async function describeHeader(file: string) {
  const handle = await openBackup(file);
  try {
    return (await readHeader(handle)).header;
  } finally {
    await handle.close();
  }
}

export { keysFolderOf };

/**
 * A backup being made: its step and how far, beside the status file so that every instance (and the
 * owner's page through any of them) sees it. Written at most four times a second while it runs and
 * removed when it ends; one not updated for two minutes belongs to a backup that was interrupted.
 */
export type BackupRunning = BackupProgress & { startedAt: string; updatedAt: string };

const STALE_PROGRESS_MS = 120_000;
const PROGRESS_EVERY_MS = 250;

function progressFile(config: Pick<Config, 'backupDir'>): string {
  return path.join(config.backupDir, 'backup-progress.json');
}

export function progressWriter(
  config: Pick<Config, 'backupDir'>,
  now: () => Date,
): { progress(progress: BackupProgress): void; finish(): Promise<void> } {
  const startedAt = now().toISOString();
  let written = 0;
  // Writes one after another, so a slow write never lands after a newer one.
  let chain: Promise<void> = Promise.resolve();
  const write = (progress: BackupProgress) => {
    const running: BackupRunning = { ...progress, startedAt, updatedAt: now().toISOString() };
    chain = chain
      .then(async () => {
        await mkdir(config.backupDir, { recursive: true, mode: 0o700 });
        const temporary = `${progressFile(config)}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(running)}\n`, { mode: 0o600 });
        await rename(temporary, progressFile(config));
      })
      .catch(() => {});
  };
  // Nothing is written before the backup's first step: until then it may still find another
  // instance's backup running (Conflict), whose progress this must not overwrite or remove.
  let wrote = false;
  return {
    progress(progress) {
      const at = Date.now();
      if (at - written < PROGRESS_EVERY_MS && progress.done < progress.total) return;
      written = at;
      wrote = true;
      write(progress);
    },
    async finish() {
      await chain;
      if (wrote) await rm(progressFile(config), { force: true });
    },
  };
}

/** The backup being made now, or null (none, or one interrupted: no update for two minutes). */
export async function readProgress(
  config: Pick<Config, 'backupDir'>,
  now: Date,
): Promise<BackupRunning | null> {
  try {
    const running = JSON.parse(await readFile(progressFile(config), 'utf8')) as BackupRunning;
    return now.getTime() - Date.parse(running.updatedAt) > STALE_PROGRESS_MS ? null : running;
  } catch {
    return null;
  }
}
