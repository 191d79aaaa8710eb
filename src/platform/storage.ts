import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from './crypto';

/**
 * Where photo bytes live. Callers hand in bytes that are already encrypted with the client's key, so
 * the store never sees a photo in the clear; the local folder is the default, an S3-compatible store
 * can implement the same four methods for a chain.
 */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  /** Keys with their age, for the orphan sweep. */
  list(): Promise<{ key: string; modifiedAt: Date }[]>;
}

const KEY = /^[a-z0-9-]+(\.[a-z0-9]+)?$/;

/** Files in one folder, written atomically (temporary file, then rename), mode 0600. */
export class FolderBlobStore implements BlobStore {
  constructor(private readonly folder: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${randomToken(6)}.part`;
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, file);
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.file(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async list(): Promise<{ key: string; modifiedAt: Date }[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.map(async (name) => ({
        key: name,
        modifiedAt: (await stat(path.join(this.folder, name))).mtime,
      })),
    );
    return entries;
  }

  private file(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(this.folder, key);
  }
}
