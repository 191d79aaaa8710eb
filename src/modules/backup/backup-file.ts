/**
 * The backup file format (decision 0017), version 1:
 *
 *   "VELLUM-BACKUP\n"  magic (14 bytes)
 *   u32 BE n, n bytes  the header, JSON in the clear: format, installation, creation time, key id,
 *                      salt and nonce prefix — nothing personal
 *   chunks             u32 BE length, then AES-256-GCM ciphertext and its 16-byte tag
 *
 * The file key is HKDF-SHA256(backup key, salt, "vellum-backup-v1"); the salt is random per file, so
 * nonces never repeat across files. Chunk i (1 MiB of plaintext) is sealed with nonce
 * prefix(7) ‖ i (u32 BE) ‖ last (1 byte) and the header as associated data (the STREAM construction
 * of age and Tink): a changed header, a reordered, changed or missing chunk, and a file cut off after
 * any chunk all fail to decrypt.
 *
 * The plaintext is a sequence of entries — u16 BE name length, name, u64 BE size, bytes — ending with
 * `manifest.json`, which holds the SHA-256 and size of every other entry.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

export const MAGIC = Buffer.from('VELLUM-BACKUP\n');
const CHUNK = 1024 * 1024;
const TAG = 16;
const MAX_HEADER = 64 * 1024;

export type BackupHeader = {
  format: 1;
  cipher: 'AES-256-GCM-STREAM';
  backupId: string;
  installationId: string;
  createdAt: string;
  /** Names the backup key without revealing it, so a wrong key is told apart from damage. */
  keyId: string;
  salt: string;
  noncePrefix: string;
};

export type ManifestEntry = { size: number; sha256: string };
export type Manifest = {
  format: 1;
  backupId: string;
  installationId: string;
  createdAt: string;
  vellumVersion: string;
  database: 'pglite' | 'postgres';
  migrations: string[];
  tables: Record<string, { rows: number }>;
  photos: {
    files: number;
    bytes: number;
    missing: string[];
    /**
     * With photos in object storage (`VELLUM_S3_*`) the backup holds none of them: how many photo
     * files the snapshot's rows name, and the bucket that holds them (backed up by its own
     * versioning or replication, the operator's). `files` above is then 0.
     */
    inObjectStore?: { bucket: string; files: number };
  };
  erasures: number;
  entries: Record<string, ManifestEntry>;
};

/** A backup that cannot be used; the message says why in the owner's words. */
export class BackupRefused extends Error {}

export function keyIdOf(backupKey: Buffer): string {
  return Buffer.from(hkdfSync('sha256', backupKey, Buffer.alloc(0), 'vellum-backup-v1 key id', 8)).toString(
    'hex',
  );
}

function fileKey(backupKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', backupKey, salt, 'vellum-backup-v1', 32));
}

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 7);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
}

/** Writes entries into an open file, sealing each full chunk as it fills. */
export class BackupWriter {
  private readonly key: Buffer;
  private readonly prefix: Buffer;
  private readonly aad: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private readonly hashes: Record<string, ManifestEntry> = {};
  bytesWritten = 0;

  private constructor(
    private readonly file: FileHandle,
    header: BackupHeader,
    backupKey: Buffer,
  ) {
    this.key = fileKey(backupKey, Buffer.from(header.salt, 'base64'));
    this.prefix = Buffer.from(header.noncePrefix, 'base64');
    this.aad = Buffer.from(JSON.stringify(header));
  }

  static async start(
    file: FileHandle,
    backupKey: Buffer,
    fields: Pick<BackupHeader, 'backupId' | 'installationId' | 'createdAt'>,
  ): Promise<BackupWriter> {
    const header: BackupHeader = {
      format: 1,
      cipher: 'AES-256-GCM-STREAM',
      ...fields,
      keyId: keyIdOf(backupKey),
      salt: randomBytes(32).toString('base64'),
      noncePrefix: randomBytes(7).toString('base64'),
    };
    const writer = new BackupWriter(file, header, backupKey);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(writer.aad.length);
    await writer.write(Buffer.concat([MAGIC, length, writer.aad]));
    return writer;
  }

  async add(name: string, bytes: Buffer): Promise<void> {
    if (name === 'manifest.json') throw new Error('the manifest is written by finish()');
    this.hashes[name] = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    await this.entry(name, bytes);
  }

  /** Writes the manifest (with every entry's hash) as the last entry and seals the last chunk. */
  async finish(manifest: Omit<Manifest, 'entries'>): Promise<Manifest> {
    const complete: Manifest = { ...manifest, entries: this.hashes };
    await this.entry('manifest.json', Buffer.from(JSON.stringify(complete)));
    await this.seal(true);
    return complete;
  }

  private async entry(name: string, bytes: Buffer): Promise<void> {
    const nameBytes = Buffer.from(name);
    const head = Buffer.alloc(2 + nameBytes.length + 8);
    head.writeUInt16BE(nameBytes.length);
    nameBytes.copy(head, 2);
    head.writeBigUInt64BE(BigInt(bytes.length), 2 + nameBytes.length);
    await this.push(head);
    await this.push(bytes);
  }

  private async push(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(CHUNK - this.pendingBytes, bytes.length - offset);
      this.pending.push(bytes.subarray(offset, offset + take));
      this.pendingBytes += take;
      offset += take;
      if (this.pendingBytes === CHUNK) await this.seal(false);
    }
  }

  private async seal(last: boolean): Promise<void> {
    const plain = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.index++, last));
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    await this.write(Buffer.concat([length, body]));
  }

  private async write(bytes: Buffer): Promise<void> {
    await this.file.write(bytes);
    this.bytesWritten += bytes.length;
  }
}

/** Reads the clear header; refuses what is not a Vellum backup. */
export async function readHeader(
  file: FileHandle,
): Promise<{ header: BackupHeader; raw: Buffer; offset: number }> {
  const start = Buffer.alloc(MAGIC.length + 4);
  const { bytesRead } = await file.read(start, 0, start.length, 0);
  if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BackupRefused('this is not a Vellum backup file');
  const length = start.readUInt32BE(MAGIC.length);
  if (length > MAX_HEADER) throw new BackupRefused('this backup file is damaged: its header is too long');
  const raw = Buffer.alloc(length);
  const read = await file.read(raw, 0, length, start.length);
  if (read.bytesRead < length)
    throw new BackupRefused('this backup file is truncated: it ends inside its header');
  let header: BackupHeader;
  try {
    header = JSON.parse(raw.toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupRefused('this backup file is damaged: its header is not readable');
  }
  if (typeof header.format === 'number' && header.format > 1)
    throw new BackupRefused(
      `this backup has format ${header.format}, which this Vellum cannot read: use a newer Vellum`,
    );
  const fields = ['backupId', 'installationId', 'createdAt', 'keyId', 'salt', 'noncePrefix'] as const;
  if (
    header.format !== 1 ||
    header.cipher !== 'AES-256-GCM-STREAM' ||
    fields.some((f) => typeof header[f] !== 'string')
  )
    throw new BackupRefused('this backup file is damaged or tampered with: its header is not readable');
  return { header, raw, offset: start.length + length };
}

/**
 * Decrypts and yields every entry in order, then the manifest after checking every hash against
 * it. Throws BackupRefused on a wrong key, damage, tampering or truncation — before the caller has
 * seen the manifest, so a caller that writes only after the last entry writes nothing.
 */
export async function* readEntries(
  file: FileHandle,
  backupKey: Buffer,
  expected: { installationId?: string } = {},
  /** Called after each decrypted part with the bytes read so far and the file's size. */
  onRead?: (read: number, size: number) => void,
): AsyncGenerator<{ name: string; bytes: Buffer } | { manifest: Manifest; header: BackupHeader }> {
  const { header, raw, offset: start } = await readHeader(file);
  const keyId = keyIdOf(backupKey);
  if (header.keyId !== keyId) {
    throw new BackupRefused(
      `this backup was made with another backup key (key ${header.keyId}; this installation's is ${keyId}): it is another clinic's backup, or the keys folder is not the one of this installation`,
    );
  }
  if (expected.installationId && header.installationId !== expected.installationId) {
    throw new BackupRefused(
      `this backup belongs to installation ${header.installationId}, not to this one (${expected.installationId})`,
    );
  }
  const key = fileKey(backupKey, Buffer.from(header.salt, 'base64'));
  const prefix = Buffer.from(header.noncePrefix, 'base64');
  const { size } = await file.stat();
  let offset = start;
  let index = 0;
  let buffered: Buffer = Buffer.alloc(0);
  let sawLast = false;
  const hashes: Record<string, ManifestEntry> = {};
  const decryptNext = async (): Promise<boolean> => {
    if (sawLast) return false;
    const lengthBytes = Buffer.alloc(4);
    if ((await file.read(lengthBytes, 0, 4, offset)).bytesRead < 4)
      throw new BackupRefused('this backup file is truncated: it ends before its last part');
    const length = lengthBytes.readUInt32BE();
    if (length < TAG || length > CHUNK + TAG || offset + 4 + length > size)
      throw new BackupRefused('this backup file is truncated or damaged: a part is cut off');
    const body = Buffer.alloc(length);
    await file.read(body, 0, length, offset + 4);
    offset += 4 + length;
    const last = offset === size;
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index++, last));
    decipher.setAAD(raw);
    decipher.setAuthTag(body.subarray(length - TAG));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body.subarray(0, length - TAG)), decipher.final()]);
    } catch {
      throw new BackupRefused(
        last
          ? 'this backup file is damaged, tampered with or truncated: its last part does not check out'
          : 'this backup file is damaged or tampered with: a part does not check out',
      );
    }
    sawLast = last;
    onRead?.(offset, size);
    buffered = buffered.length === 0 ? plain : Buffer.concat([buffered, plain]);
    return true;
  };
  const take = async (n: number): Promise<Buffer> => {
    while (buffered.length < n) {
      if (!(await decryptNext()))
        throw new BackupRefused('this backup file is truncated: an entry is cut off');
    }
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  for (;;) {
    const nameLength = (await take(2)).readUInt16BE();
    const name = (await take(nameLength)).toString('utf8');
    const length = Number((await take(8)).readBigUInt64BE());
    const bytes = Buffer.from(await take(length));
    if (name !== 'manifest.json') {
      hashes[name] = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      yield { name, bytes };
      continue;
    }
    if (buffered.length > 0 || (await decryptNext()))
      throw new BackupRefused('this backup file is damaged: data follows its manifest');
    const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (manifest.backupId !== header.backupId || manifest.installationId !== header.installationId)
      throw new BackupRefused('this backup file is damaged: its manifest does not match its header');
    const names = new Set([...Object.keys(manifest.entries), ...Object.keys(hashes)]);
    for (const entry of names) {
      const want = manifest.entries[entry];
      const got = hashes[entry];
      if (!want || !got || want.sha256 !== got.sha256 || want.size !== got.size)
        throw new BackupRefused(`this backup file is damaged: ${entry} does not match its manifest`);
    }
    yield { manifest, header };
    return;
  }
}
