import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, statSync } from 'node:fs';

/**
 * The clients whose data was erased, by id only, kept in a file beside the master key in the keys
 * folder (decision 0017): outside the database and the data folder, so restoring a backup or a copy
 * of the data folder taken before an erasure does not bring the client's data back into use. The client keys refuse to open for an id listed here, and at start Vellum erases
 * such a client again (see ErasureService.reapply). What stays possible: someone holding both an old
 * dump and the master key file can decrypt it by hand — keep backups of the master key separate and
 * short-lived (docs/guide/owner.md).
 */
export class ErasedClients {
  private cache: { mtimeMs: number; size: number; ids: Set<string> } | undefined;

  constructor(readonly file: string) {}

  has(clientId: string): boolean {
    return this.ids().has(clientId);
  }

  all(): string[] {
    return [...this.ids()];
  }

  /** How many erasures the register holds: the generation a database is compared with (0017). */
  count(): number {
    return this.ids().size;
  }

  /** Appends ids and syncs them to disk before the erasure's transaction commits. */
  add(...clientIds: string[]): void {
    const known = this.ids();
    const fresh = [...new Set(clientIds)].filter((id) => !known.has(id));
    if (fresh.length === 0) return;
    appendFileSync(this.file, fresh.map((id) => `${id}\n`).join(''), { mode: 0o600 });
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.cache = undefined;
  }

  private ids(): Set<string> {
    let stat: { mtimeMs: number; size: number };
    try {
      stat = statSync(this.file);
    } catch {
      return new Set();
    }
    if (this.cache?.mtimeMs !== stat.mtimeMs || this.cache.size !== stat.size) {
      const ids = new Set(
        readFileSync(this.file, 'utf8')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /^[0-9a-f-]{36}$/.test(line)),
      );
      this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, ids };
    }
    return this.cache.ids;
  }
}
