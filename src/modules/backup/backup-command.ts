import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildContext } from '../../app';
import { type Config, loadConfig } from '../../config';
import { DataDirUnavailable } from '../../db/data-dir-lock';
import { openConfiguredDatabase } from '../../db/open';
import { installationId, settleKeysFolder } from '../../platform/keys-folder';
import { readAnchors } from '../audit/verify';
import { settleErasures } from '../erasure/restored-copies';
import {
  type BackupProgress,
  createBackup,
  describeHeader,
  emptyDataFolderProblem,
  type RestoreResult,
  restoreBackup,
  verifyBackup,
  writeStatus,
} from './backup.service';
import { BackupRefused, type Manifest } from './backup-file';
import { terminalProgress } from './terminal-progress';

const SYSTEM = { kind: 'system', name: 'backup' } as const;

const say = (line: string) => process.stdout.write(`${line}\n`);

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function summary(manifest: Manifest): string[] {
  const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
  return [
    `backup ${manifest.backupId} of installation ${manifest.installationId}`,
    `  made ${manifest.createdAt} by Vellum ${manifest.vellumVersion} (${manifest.database})`,
    `  ${Object.keys(manifest.tables).length} tables, ${rows} rows; clients: ${manifest.tables.client?.rows ?? 0}; audit entries: ${manifest.tables.audit_event?.rows ?? 0}`,
    manifest.photos.inObjectStore
      ? `  no photo files: the ${manifest.photos.inObjectStore.files} photo files are in the bucket ${manifest.photos.inObjectStore.bucket}, which this backup does not hold (the bucket's versioning or replication backs them up)`
      : `  ${manifest.photos.files} photo files (${megabytes(manifest.photos.bytes)})${manifest.photos.missing.length ? `; ${manifest.photos.missing.length} files were already missing` : ''}`,
    `  ${Object.keys(manifest.entries).length} entries, each with its SHA-256 in the manifest`,
  ];
}

/** One line for stderr at the end of a run, on a terminal or in a log. */
function counts(manifest: Manifest): string {
  const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
  const photos = manifest.photos.inObjectStore
    ? `no photo files (${manifest.photos.inObjectStore.files} in the bucket ${manifest.photos.inObjectStore.bucket})`
    : `${manifest.photos.files} photo files`;
  return `${Object.keys(manifest.tables).length} tables (${rows} rows), ${photos}`;
}

const secondsSince = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** `vellum backup create|verify|restore`. */
export async function runBackupCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { to: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const config = loadConfig();
  let shown: ReturnType<typeof terminalProgress> | undefined;
  try {
    if (sub === 'create') {
      for (const note of settleKeysFolder(config)) process.stderr.write(`vellum: ${note}\n`);
      let opened: Awaited<ReturnType<typeof openConfiguredDatabase>>;
      try {
        opened = await openConfiguredDatabase(config);
      } catch (error) {
        if (error instanceof DataDirUnavailable && /in use/.test(error.message)) {
          process.stderr.write(
            `vellum: ${error.message}.\nThe running server makes a backup itself every night (into ${config.backupDir}); ` +
              'to make one now, ask the server as the owner (POST /api/backups), or stop the server and run this again.\n',
          );
          return 1;
        }
        throw error;
      }
      try {
        const context = buildContext({ config, database: opened.database });
        await settleErasures(context);
        shown = terminalProgress('vellum backup create');
        const result = await createBackup(config, opened.database, {
          ...(values.to ? { dir: values.to } : {}),
          progress: shown.update,
        });
        await writeStatus(config, {
          at: result.manifest.createdAt,
          result: 'ok',
          file: result.file,
          bytes: result.bytes,
          seconds: result.seconds,
        });
        shown.done(
          `vellum: backup made in ${result.seconds.toFixed(1)} s: ${counts(result.manifest)}, ${megabytes(result.bytes)}`,
        );
        if (values.json) {
          const { file, bytes, seconds, manifest } = result;
          say(JSON.stringify({ file, bytes, seconds, manifest }, null, 2));
          return 0;
        }
        say(`backup written: ${result.file} (${megabytes(result.bytes)}, ${result.seconds.toFixed(1)} s)`);
        for (const line of summary(result.manifest)) say(line);
        say(
          `It opens only with the backup key in ${path.dirname(config.masterKeyFile)}: keep a copy of that folder apart from the backups.`,
        );
        return 0;
      } catch (error) {
        await writeStatus(config, {
          at: new Date().toISOString(),
          result: 'failed',
          error: (error as Error).message,
        });
        throw error;
      } finally {
        await opened.database.close();
        opened.lock?.release();
      }
    }
    if (sub === 'verify') {
      const [file] = positionals;
      if (!file) return usage();
      const started = performance.now();
      shown = terminalProgress('vellum backup verify');
      const manifest = await verifyBackup(config, file, { progress: shown.update });
      shown.done(`vellum: backup intact, checked in ${secondsSince(started)}: ${counts(manifest)}`);
      if (values.json) say(JSON.stringify(manifest, null, 2));
      else for (const line of ['backup intact:', ...summary(manifest)]) say(line);
      return 0;
    }
    if (sub === 'restore') {
      const [file] = positionals;
      if (!file) return usage();
      shown = terminalProgress('vellum backup restore');
      const { result, reapplied, notes } = await restoreFromFile(config, file, { progress: shown.update });
      shown.done(
        `vellum: restored in ${result.seconds.toFixed(1)} s: ${counts(result.manifest)}; ${reapplied} erasures applied again`,
      );
      if (values.json) {
        const { rows, photos, seconds, manifest } = result;
        say(JSON.stringify({ rows, photos, seconds, reapplied, notes, manifest }, null, 2));
        return 0;
      }
      for (const note of notes) say(note);
      say(`restored ${result.rows} rows and ${result.photos} photo files in ${result.seconds.toFixed(1)} s`);
      for (const line of summary(result.manifest)) say(line);
      say(`erasures done since the backup, applied again: ${reapplied} clients`);
      return 0;
    }
  } catch (error) {
    shown?.stop();
    if (error instanceof BackupRefused) {
      process.stderr.write(`vellum: refused: ${error.message}; nothing was written\n`);
      return 1;
    }
    throw error;
  }
  return usage();
}

function usage(): number {
  process.stderr.write(
    'vellum backup: use "backup create [--to DIR] [--json]", "backup verify FILE [--json]" or "backup restore FILE [--json]"\n',
  );
  return 2;
}

/**
 * `vellum backup restore`: into an empty data folder or database only. The file is checked whole
 * before the database is even created; afterwards the restore is recorded in the audit trail and
 * every erasure done since the backup is applied again, before anything can read the data (P9.4).
 * A restore that fails into a new embedded database removes it again: nothing half-written.
 */
export async function restoreFromFile(
  config: Config,
  file: string,
  options: { progress?: (progress: BackupProgress) => void } = {},
): Promise<{ result: RestoreResult; reapplied: number; notes: string[] }> {
  const problem = emptyDataFolderProblem(config);
  if (problem) throw new BackupRefused(problem);
  settleKeysFolder(config);
  await verifyBackup(config, file, options);
  installationId(config, (await describeHeader(file)).installationId);
  const createdDatabase = !config.databaseUrl;
  const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
  let failed = true;
  try {
    const result = await restoreBackup(config, database, file, options);
    const notes = setAsideNewerAnchors(config, result.manifest);
    const context = buildContext({ config, database });
    await context.gate.act(SYSTEM, 'cli:backup-restore', async (scope) => {
      scope.record({
        action: 'create',
        objectType: 'backup_restore',
        objectId: result.manifest.backupId,
        basis: 'system',
      });
    });
    const settled = await settleErasures(context);
    failed = false;
    return { result, reapplied: settled.reapplied, notes };
  } finally {
    await database.close();
    lock?.release();
    if (failed && createdDatabase)
      rmSync(path.join(config.dataDir, 'pgdata'), { recursive: true, force: true });
  }
}

/**
 * Anchors of entries newer than the backup belong to the trail before the restore: `audit verify`
 * would report them as cut off. They are kept, set aside in a file named for the restore, and the
 * anchor file keeps those the restored trail still holds — the gap is explained, not hidden.
 */
function setAsideNewerAnchors(config: Config, manifest: Manifest): string[] {
  if (!existsSync(config.auditAnchorFile)) return [];
  const anchors = readAnchors(config.auditAnchorFile);
  const entries = manifest.tables.audit_event?.rows ?? 0;
  const newer = anchors.filter((a) => a.seq > entries);
  if (newer.length === 0) return [];
  const aside = `${config.auditAnchorFile}.before-restore-${manifest.backupId}`;
  renameSync(config.auditAnchorFile, aside);
  const kept = anchors.filter((a) => a.seq <= entries);
  writeFileSync(config.auditAnchorFile, kept.map((a) => `${JSON.stringify(a)}\n`).join(''), { mode: 0o600 });
  return [
    `the audit anchors of ${newer.length} entries made after the backup (up to entry ${Math.max(...newer.map((a) => a.seq))}) were set aside in ${aside}: they belong to the trail before this restore`,
  ];
}
