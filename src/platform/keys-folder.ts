import { randomBytes, randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { KeyUnavailable } from './crypto';

/**
 * The keys folder: the master key, the backup key, the erasure register (`erased-clients`) and the
 * installation file, in the folder of the master key file — by default `<data>.keys/`, beside the
 * data folder. Nothing in it may come back from an old copy of the data folder: that is how an
 * erased client stays erased after any restore (decision 0017).
 */
export function keysFolderOf(config: Pick<Config, 'masterKeyFile'>): string {
  return path.dirname(config.masterKeyFile);
}

export function erasureRegisterOf(config: Pick<Config, 'masterKeyFile'>): string {
  return path.join(keysFolderOf(config), 'erased-clients');
}

export function backupKeyFileOf(config: Pick<Config, 'masterKeyFile'>): string {
  return path.join(keysFolderOf(config), 'backup.key');
}

/** Is `inner` the folder `outer` or inside it? */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(path.resolve(outer), path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Versions before 0017 kept the master key and the register inside the data folder. Moves them to
 * the keys folder (copy, sync, then delete); when the keys folder already has them, the data
 * folder's copies are leftovers of an old copy of the data folder: their erasures are merged into
 * the register (more erasures is always safe) and they are deleted. A data folder holding another
 * master key than the keys folder belongs to another installation: refused. Returns what it did,
 * for the log and the terminal.
 */
export function settleKeysFolder(config: Pick<Config, 'dataDir' | 'masterKeyFile'>): string[] {
  const notes: string[] = [];
  const keys = keysFolderOf(config);
  if (isInside(keys, config.dataDir)) {
    notes.push(
      `the keys folder ${keys} is inside the data folder: a copy of the data folder restored later would bring erased clients back; move it out (VELLUM_KEYS_DIR, docs/guide/owner.md)`,
    );
    return notes;
  }
  const legacyKey = path.join(config.dataDir, 'master.key');
  const legacyRegister = path.join(config.dataDir, 'erased-clients');
  if (!existsSync(legacyKey) && !existsSync(legacyRegister)) return notes;
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  if (existsSync(legacyKey)) {
    const legacy = readFileSync(legacyKey, 'utf8').trim();
    if (!existsSync(config.masterKeyFile)) {
      writeSynced(config.masterKeyFile, `${legacy}\n`);
      notes.push(`moved the master key from the data folder to ${config.masterKeyFile}`);
    } else if (readFileSync(config.masterKeyFile, 'utf8').trim() !== legacy) {
      throw new KeyUnavailable(
        `the data folder ${config.dataDir} holds another master key than ${config.masterKeyFile}: it belongs to another installation; put back this installation's data folder or point VELLUM_KEYS_DIR at its keys`,
      );
    }
  }
  if (existsSync(legacyRegister)) {
    const register = erasureRegisterOf(config);
    const known = existsSync(register) ? readFileSync(register, 'utf8') : '';
    const ids = new Set(known.split('\n').filter(Boolean));
    const added = readFileSync(legacyRegister, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[0-9a-f-]{36}$/.test(line) && !ids.has(line));
    if (added.length > 0 || !existsSync(register)) {
      writeSynced(register, `${known}${added.map((id) => `${id}\n`).join('')}`);
    }
    notes.push(`merged the erasure register of the data folder into ${register} (${added.length} ids added)`);
  }
  rmSync(legacyKey, { force: true });
  rmSync(legacyRegister, { force: true });
  return notes;
}

/**
 * The id of this installation, created with the keys folder; a database remembers whose it is. A
 * restore onto a new machine whose keys folder has no installation file yet adopts the backup's id.
 */
export function installationId(config: Pick<Config, 'masterKeyFile'>, adopt?: string): string {
  const file = path.join(keysFolderOf(config), 'installation.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && /^[0-9a-f-]{36}$/.test(parsed.id)) return parsed.id;
    throw new KeyUnavailable(`${file} is damaged: it holds no installation id`);
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const id = adopt ?? randomUUID();
  writeSynced(file, `${JSON.stringify({ id, createdAt: new Date().toISOString() })}\n`);
  return id;
}

/** The backup key (32 random bytes, not derived from the master key); created on first use. */
export function backupKey(config: Pick<Config, 'masterKeyFile'>, options: { create: boolean }): Buffer {
  const file = backupKeyFileOf(config);
  if (!existsSync(file)) {
    if (!options.create)
      throw new KeyUnavailable(
        `the backup key ${file} does not exist: put back the keys folder you copied when the backup was made`,
      );
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeSynced(file, `${randomBytes(32).toString('base64')}\n`, 'wx');
  }
  const bytes = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (bytes.length !== 32)
    throw new KeyUnavailable(`the backup key file ${file} does not hold a 32-byte key`);
  return bytes;
}

function writeSynced(file: string, text: string, flag: 'w' | 'wx' = 'w'): void {
  const temporary = flag === 'wx' ? file : `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag });
  chmodSync(temporary, 0o600);
  const fd = openSync(temporary, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (temporary !== file) {
    // rename is atomic: a crash leaves the old file or the new one, never half of one.
    renameSync(temporary, file);
  }
}
