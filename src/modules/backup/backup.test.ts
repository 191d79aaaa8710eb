import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, type TestDatabase } from '../../../test/support/database';
import {
  aClientWithPhoto,
  aClinicIn,
  aFolder,
  afterTest,
  cleanUp,
  erase,
  installationIn,
  onServer,
  photoIdsOf,
  rowsOf,
} from '../../../test/support/installation';
import { aJpeg } from '../../../test/support/photos';
import { buildContext } from '../../app';
import type { Config } from '../../config';
import { openConfiguredDatabase } from '../../db/open';
import { settleKeysFolder } from '../../platform/keys-folder';
import { readAnchors } from '../audit/verify';
import { KeysFolderMismatch, settleErasures } from '../erasure/restored-copies';
import {
  type BackupRunning,
  createBackup,
  progressWriter,
  pruneBackups,
  verifyBackup,
  writeStatus,
} from './backup.service';
import { restoreFromFile } from './backup-command';

afterAll(cleanUp);

function fileHashes(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  return Object.fromEntries(
    readdirSync(folder).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(path.join(folder, name)))
        .digest('hex'),
    ]),
  );
}

/** The configuration of an empty target: a new data folder, the same keys folder, an empty database. */
async function anEmptyTarget(source: Config, name: string): Promise<Config> {
  const root = aFolder(name);
  const empty = await createEmptyServerDatabase();
  if (empty) afterTest(() => empty.drop());
  return { ...installationIn(root, empty?.url), masterKeyFile: source.masterKeyFile };
}

/** Reads the target as the database owner (around row-level security), then closes it. */
async function inspect<T>(
  config: Config,
  look: (query: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  if (config.databaseUrl) {
    const owner = new pg.Client({ connectionString: config.databaseUrl });
    await owner.connect();
    try {
      return await look(async (text) => (await owner.query(text)).rows);
    } finally {
      await owner.end();
    }
  }
  const { database, lock } = await openConfiguredDatabase(config, { migrate: false });
  try {
    await database.db.execute(sql.raw('RESET ROLE'));
    return await look(async (text) => rowsOf(await database.db.execute(sql.raw(text))));
  } finally {
    await database.close();
    lock?.release();
  }
}

// A restore migrates a new embedded database from scratch: tens of seconds on a busy machine.
describe('backup and restore', { timeout: 180_000 }, () => {
  it('[P9.4] restore drill: a backup from before an erasure, restored, does not bring the client back', async () => {
    const { clinic, config } = await aClinicIn(aFolder('drill'));
    const kept = await aClientWithPhoto(clinic, 'Blijftbestaan');
    const gone = await aClientWithPhoto(clinic, 'Vergeten');
    const gonePhotos = await photoIdsOf(clinic.database, gone);
    const backup = await createBackup(config, clinic.database);
    expect(existsSync(backup.file)).toBe(true);
    expect(path.dirname(backup.file)).toBe(config.backupDir);

    await erase(clinic, gone);
    const target = await anEmptyTarget(config, 'drill-target');
    const { reapplied } = await restoreFromFile(target, backup.file);
    expect(reapplied).toBe(1);

    await inspect(target, async (query) => {
      expect(await query(`select id from client where id = '${gone}'`)).toEqual([]);
      expect(await query(`select client_id from client_key where client_id = '${gone}'`)).toEqual([]);
      expect(await query(`select id from photo where client_id = '${gone}'`)).toEqual([]);
      expect(await query(`select id from client where id = '${kept}'`)).toHaveLength(1);
      const restored = await query(`select 1 from audit_event where object_type = 'backup_restore'`);
      expect(restored).toHaveLength(1);
    });
    const files = readdirSync(path.join(target.dataDir, 'photos'));
    for (const id of gonePhotos) expect(files.filter((f) => f.startsWith(id))).toEqual([]);
    expect(files).toHaveLength(2); // the kept client's display and thumbnail
  });

  // A PostgreSQL server's database is not in the data folder: its old copies come back through a
  // backup, which the restore drill covers. Skipped there.
  it.skipIf(onServer)(
    '[P9.4] copying back the whole data folder from before an erasure does not bring the client back',
    async () => {
      const root = aFolder('copy');
      const { clinic, config } = await aClinicIn(root);
      const gone = await aClientWithPhoto(clinic, 'Teruggekopieerd');
      const gonePhotos = await photoIdsOf(clinic.database, gone);
      await clinic.database.asOwner('CHECKPOINT');
      const copy = path.join(aFolder('copy-old'), 'data');
      cpSync(config.dataDir, copy, { recursive: true });

      await erase(clinic, gone);
      await clinic.close();
      // The owner puts back the old data folder over the newer installation, keys folder untouched.
      rmSync(config.dataDir, { recursive: true, force: true });
      cpSync(copy, config.dataDir, { recursive: true });

      // What the server does at start, before it answers anything.
      settleKeysFolder(config);
      const { database, lock } = await openConfiguredDatabase(config);
      try {
        const settled = await settleErasures(buildContext({ config, database }));
        expect(settled).toEqual({ reapplied: 1, olderCopy: true });
      } finally {
        await database.close();
        lock?.release();
      }
      await inspect(config, async (query) => {
        expect(await query(`select id from client where id = '${gone}'`)).toEqual([]);
      });
      const files = readdirSync(path.join(config.dataDir, 'photos'));
      for (const id of gonePhotos) expect(files.filter((f) => f.startsWith(id))).toEqual([]);
    },
  );

  it('[P9.4] refuses to start when the keys folder is older than the database', async () => {
    const { clinic, config } = await aClinicIn(aFolder('old-keys'));
    const gone = await aClientWithPhoto(clinic, 'Oudesleutel');
    const keys = path.dirname(config.masterKeyFile);
    const oldKeys = path.join(aFolder('old-keys-copy'), 'keys');
    cpSync(keys, oldKeys, { recursive: true });
    await erase(clinic, gone);
    rmSync(keys, { recursive: true, force: true });
    cpSync(oldKeys, keys, { recursive: true });
    const context = buildContext({ config, database: clinic.database });
    await expect(settleErasures(context)).rejects.toThrow(KeysFolderMismatch);
    await expect(settleErasures(context)).rejects.toThrow(/keys folder is an older copy/);
  });

  it('round trip: every row count and every photo hash match, and the audit trail verifies', async () => {
    const { clinic, config } = await aClinicIn(aFolder('round'));
    await aClientWithPhoto(clinic, 'Rondreis');
    const backup = await createBackup(config, clinic.database);
    expect(await verifyBackup(config, backup.file)).toEqual(backup.manifest);
    const target = await anEmptyTarget(config, 'round-target');
    // The target's anchor file already anchors entries the backup does not have (made after it).
    mkdirSync(target.dataDir, { recursive: true });
    writeFileSync(
      target.auditAnchorFile,
      `${JSON.stringify({ seq: 999_999, hash: 'f'.repeat(64), at: '2026-12-01T00:00:00Z' })}\n`,
    );
    const { result, notes } = await restoreFromFile(target, backup.file);
    expect(notes.join('\n')).toMatch(/set aside/);
    expect(result.photos).toBe(2);
    expect(fileHashes(path.join(target.dataDir, 'photos'))).toEqual(
      fileHashes(path.join(config.dataDir, 'photos')),
    );
    await inspect(target, async (query) => {
      for (const [table, { rows }] of Object.entries(backup.manifest.tables)) {
        const [count] = await query(`select count(*)::int as n from "${table}"`);
        // The restore itself adds one audit entry.
        expect(count?.n, table).toBe(table === 'audit_event' ? rows + 1 : rows);
      }
    });
    const { database, lock } = await openConfiguredDatabase(target, { migrate: false });
    try {
      const context = buildContext({ config: target, database });
      const verified = await context.audit.verify(
        { kind: 'system', name: 'backup' },
        readAnchors(target.auditAnchorFile),
        'test:audit-verify',
      );
      expect(verified.ok).toBe(true);
    } finally {
      await database.close();
      lock?.release();
    }
  });

  it('refuses a truncated, tampered or foreign backup and a non-empty target, writing nothing', async () => {
    const { clinic, config } = await aClinicIn(aFolder('refuse'));
    await aClientWithPhoto(clinic, 'Geweigerd');
    const backup = await createBackup(config, clinic.database);
    const bytes = readFileSync(backup.file);
    const variant = (name: string, content: Buffer) => {
      const file = path.join(aFolder('bad'), name);
      writeFileSync(file, content);
      return file;
    };
    const truncated = variant('truncated.vellum-backup', bytes.subarray(0, bytes.length - 100));
    const cut = variant('cut.vellum-backup', bytes.subarray(0, 200));
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(bytes.length / 2)] = (tampered[Math.floor(bytes.length / 2)] ?? 0) ^ 1;
    const changed = variant('tampered.vellum-backup', tampered);
    const header = Buffer.from(bytes);
    header[20] = (header[20] ?? 0) ^ 1; // inside the clear header
    const relabelled = variant('header.vellum-backup', header);
    const notABackup = variant('photo.jpg', await aJpeg());

    const target = await anEmptyTarget(config, 'refuse-target');
    const expectRefused = async (file: string, why: RegExp) => {
      await expect(restoreFromFile(target, file)).rejects.toThrow(why);
      expect(existsSync(path.join(target.dataDir, 'pgdata'))).toBe(false);
      expect(existsSync(path.join(target.dataDir, 'photos'))).toBe(false);
    };
    await expectRefused(truncated, /truncated/);
    await expectRefused(cut, /truncated|cut off/);
    await expectRefused(changed, /tampered/);
    await expectRefused(relabelled, /tampered/);
    await expectRefused(notABackup, /not a Vellum backup/);

    // Another clinic's keys folder (another backup key): refused before anything is decrypted.
    const otherClinic = { ...target, masterKeyFile: path.join(aFolder('other-keys'), 'master.key') };
    await expect(restoreFromFile(otherClinic, backup.file)).rejects.toThrow(/backup key/);
    writeFileSync(
      path.join(path.dirname(otherClinic.masterKeyFile), 'backup.key'),
      `${Buffer.alloc(32, 7).toString('base64')}\n`,
    );
    await expect(restoreFromFile(otherClinic, backup.file)).rejects.toThrow(/another backup key/);

    // The source itself is not empty.
    await expect(restoreFromFile(config, backup.file)).rejects.toThrow(/not empty|already holds/);
  });

  it('a backup that fails leaves no file behind', async () => {
    const { clinic, config } = await aClinicIn(aFolder('fail'));
    const failing = {
      ...clinic.database,
      db: {
        ...clinic.database.db,
        transaction: () => Promise.reject(new Error('no space left on device')),
      } as unknown as TestDatabase['db'],
    };
    await expect(createBackup(config, failing)).rejects.toThrow(/no space/);
    expect(readdirSync(config.backupDir)).toEqual([]);
  });

  it('the owner sees the last backup and can make one now; old backups are pruned', async () => {
    const { clinic, config } = await aClinicIn(aFolder('routes'));
    const owner = await clinic.freshOwner();
    expect((await owner.call('GET', '/api/backups/last')).json()).toMatchObject({
      result: 'none',
      stale: true,
      keepDays: 30,
    });
    const rosa = await clinic.hire('reception', 'Rosa Backup');
    expect((await rosa.call('POST', '/api/backups')).statusCode).toBe(403);
    expect((await rosa.call('GET', '/api/backups/last')).statusCode).toBe(403);

    const made = await (await clinic.freshOwner()).call('POST', '/api/backups');
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ result: 'ok', stale: false, error: null });
    expect(made.json().lastGoodAt).toBe(made.json().at);
    expect(made.json().bytes).toBeGreaterThan(0);
    const files = readdirSync(config.backupDir).filter((f) => f.endsWith('.vellum-backup'));
    expect(files).toHaveLength(1);

    // Three days later without a new backup the page warns; after the kept period it is deleted.
    clinic.clock.advance(3 * 24 * 3600 * 1000);
    expect((await (await clinic.freshOwner()).call('GET', '/api/backups/last')).json().stale).toBe(true);
    // A failed backup does not hide how old the last good one is.
    const goodAt = made.json().at;
    await writeStatus(config, { at: clinic.clock.now().toISOString(), result: 'failed', error: 'disk full' });
    expect((await (await clinic.freshOwner()).call('GET', '/api/backups/last')).json()).toMatchObject({
      result: 'failed',
      error: 'disk full',
      lastGoodAt: goodAt,
      stale: true,
    });
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    utimesSync(path.join(config.backupDir, files[0] ?? ''), old, old);
    expect(await pruneBackups(config.backupDir, config.backupKeepDays)).toEqual(files);
  });

  it('shows a backup being made, from any instance, with its step and how far; not one interrupted', async () => {
    const { clinic, config } = await aClinicIn(aFolder('progress'));
    // What the backup reports as it goes, as the page's poll reads it while the POST is still running.
    const seen: BackupRunning[] = [];
    const running = progressWriter(config, () => clinic.clock.now());
    await createBackup(config, clinic.database, {
      now: clinic.clock.now(),
      progress: (step) => {
        running.progress(step);
        const file = path.join(config.backupDir, 'backup-progress.json');
        if (existsSync(file)) seen.push(JSON.parse(readFileSync(file, 'utf8')) as BackupRunning);
      },
    });
    // The first step is written at once; the writes are throttled, so not every step is seen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const owner = await clinic.freshOwner();
    const during = (await owner.call('GET', '/api/backups/last')).json().running;
    expect(during).toMatchObject({ step: expect.stringMatching(/^(tables|photos|check)$/) });
    expect(during.total).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    // Done: the progress is gone.
    await running.finish();
    expect((await owner.call('GET', '/api/backups/last')).json().running).toBeNull();
    // A backup interrupted (the instance killed) leaves its last progress behind: after two minutes
    // without an update the page no longer says one is running.
    const stuck = progressWriter(config, () => clinic.clock.now());
    stuck.progress({ step: 'tables', done: 3, total: 40 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await owner.call('GET', '/api/backups/last')).json().running).toMatchObject({
      done: 3,
      total: 40,
    });
    clinic.clock.advance(121_000);
    expect((await (await clinic.freshOwner()).call('GET', '/api/backups/last')).json().running).toBeNull();
  });
});
