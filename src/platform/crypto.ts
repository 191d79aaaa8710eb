/**
 * Vellum's cryptography, all from node:crypto. Changing anything here changes what existing data
 * decrypts to: every change needs a test that reads data written by the previous version.
 *
 * - The master key (32 random bytes) lives outside the database, in a file with mode 0600.
 * - Purpose keys are derived from it with HKDF-SHA256 (one label per purpose), so a key leaked for
 *   one purpose says nothing about another.
 * - `seal`/`open` are AES-256-GCM with a random 96-bit nonce; the output is
 *   `v1.<nonce>.<ciphertext+tag>` in base64url, and the associated data binds a ciphertext to its
 *   place (e.g. `staff:<id>:totp`) so it cannot be copied to another row.
 */
import { createCipheriv, createDecipheriv, hash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type MasterKey = { readonly bytes: Buffer };

export class KeyUnavailable extends Error {}

/** Reads the master key file; a missing or malformed file is a clear error. */
export function readMasterKey(file: string): MasterKey {
  if (!existsSync(file))
    throw new KeyUnavailable(`the master key file ${file} does not exist; run setup first`);
  const bytes = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (bytes.length !== 32)
    throw new KeyUnavailable(`the master key file ${file} does not hold a 32-byte key`);
  return { bytes };
}

/** Creates the master key file (mode 0600). Refuses to overwrite an existing key. */
export function createMasterKey(file: string): MasterKey {
  if (existsSync(file)) throw new KeyUnavailable(`the master key file ${file} already exists`);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const bytes = randomBytes(32);
  writeFileSync(file, `${bytes.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { bytes };
}

export function deriveKey(master: MasterKey, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master.bytes, Buffer.alloc(0), `vellum:${purpose}`, 32));
}

export function seal(key: Buffer, plaintext: Buffer | string, associatedData: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function open(key: Buffer, sealed: string, associatedData: string): Buffer {
  const [version, nonceText, bodyText] = sealed.split('.');
  if (version !== 'v1' || !nonceText || !bodyText) throw new Error('not a sealed value');
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

export function sha256Hex(input: string | Buffer): string {
  return hash('sha256', input, 'hex');
}

/** A random token for sessions, links and codes: `bytes` of entropy, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
