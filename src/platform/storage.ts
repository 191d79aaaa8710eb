import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from './crypto';

/**
 * Where photo bytes live. Callers hand in bytes that are already encrypted with the client's key, so
 * the store never sees a photo in the clear; the local folder is the default, an S3-compatible store
 * (`S3BlobStore`, for a chain) implements the same methods.
 */
export interface BlobStore {
  readonly kind: 'folder' | 's3';
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes; a key that is not there rejects with an error whose `code` is `ENOENT` (`isMissingBlob`). */
  get(key: string): Promise<Buffer>;
  /** Removes the key; a key that is not there is no error. */
  delete(key: string): Promise<void>;
  /** Keys with their age, for the orphan sweep. */
  list(): Promise<{ key: string; modifiedAt: Date }[]>;
  /** Resolves when the store answers (for the health and readiness checks); rejects when it does not. */
  check(): Promise<void>;
}

/** A photo store key: the photo's id and its size, e.g. `0193….display`. */
export const KEY = /^[a-z0-9-]+(\.[a-z0-9]+)?$/;

export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
}

/** Did a `get` fail because the key is not in the store (rather than the store failing)? */
export function isMissingBlob(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Files in one folder, written atomically (temporary file, then rename), mode 0600. */
export class FolderBlobStore implements BlobStore {
  readonly kind = 'folder' as const;
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

  async check(): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await access(this.folder, constants.R_OK | constants.W_OK);
  }

  private file(key: string): string {
    assertKey(key);
    return path.join(this.folder, key);
  }
}
