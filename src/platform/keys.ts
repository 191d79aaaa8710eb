import { createMasterKey, deriveKey, type MasterKey, readMasterKey } from './crypto';

/**
 * The master key, read from its file on first use and kept in memory. Before setup there is none;
 * setup creates it.
 */
export class KeyStore {
  private master: MasterKey | undefined;
  constructor(readonly file: string) {}

  exists(): boolean {
    if (this.master) return true;
    try {
      this.master = readMasterKey(this.file);
      return true;
    } catch {
      return false;
    }
  }

  create(): MasterKey {
    this.master = createMasterKey(this.file);
    return this.master;
  }

  /** A key for one purpose (e.g. 'totp'), derived from the master key. */
  key(purpose: string): Buffer {
    this.master ??= readMasterKey(this.file);
    return deriveKey(this.master, purpose);
  }
}
