/**
 * Per-client data keys (DESIGN principle 2). Each client has a random AES-256 key, stored wrapped
 * (sealed) with a key derived from the master key; every medical field, note, e-mail and photo of the
 * client is sealed with it. Destroying the key row makes all of that unreadable, including copies
 * in old backups — the master key alone opens nothing.
 *
 * The associated data of every sealed value names the client and the field (`client:<id>:<field>`),
 * so a ciphertext copied to another client or field does not open. Never change these labels
 * without re-sealing existing data.
 */
import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { open, seal } from '../../platform/crypto';
import type { ErasedClients } from '../../platform/erased-clients';
import { NotFound } from '../../platform/errors';
import type { KeyStore } from '../../platform/keys';
import type { Tx } from './gate';
import { clientKey } from './tables';

export type ClientCipher = {
  seal(field: string, value: unknown): string;
  open<T>(field: string, sealed: string): T;
  sealBytes(field: string, bytes: Buffer): Buffer;
  openBytes(field: string, sealed: Buffer): Buffer;
};

const WRAP_PURPOSE = 'client-key-wrap';

export class ClientKeys {
  constructor(
    private readonly keys: KeyStore,
    private readonly erased: ErasedClients,
  ) {}

  /** Makes the client's key; call in the transaction that registers the client. */
  async create(tx: Tx, clientId: string, now: Date): Promise<void> {
    const dataKey = randomBytes(32);
    const wrappedKey = seal(this.keys.key(WRAP_PURPOSE), dataKey, `client:${clientId}:key`);
    await tx.insert(clientKey).values({ clientId, wrappedKey, createdAt: now });
  }

  /**
   * The client's cipher. Only after the gate allowed `medical` access: row-level security hides the
   * key row from anyone else, and then this throws NotFound.
   */
  async cipherFor(tx: Tx, clientId: string): Promise<ClientCipher> {
    // A key row that came back with a restored backup stays shut (P9.4).
    if (this.erased.has(clientId)) throw new NotFound();
    const [row] = await tx.select().from(clientKey).where(eq(clientKey.clientId, clientId));
    if (!row) throw new NotFound();
    return this.cipherOf(clientId, row.wrappedKey);
  }

  /** Several clients' ciphers with one read of their keys; as cipherFor, NotFound if any is not readable. */
  async ciphersFor(tx: Tx, clientIds: string[]): Promise<Map<string, ClientCipher>> {
    const ids = [...new Set(clientIds)];
    if (ids.length === 0) return new Map();
    if (ids.some((id) => this.erased.has(id))) throw new NotFound();
    const rows = await tx.select().from(clientKey).where(inArray(clientKey.clientId, ids));
    if (rows.length !== ids.length) throw new NotFound();
    return new Map(rows.map((row) => [row.clientId, this.cipherOf(row.clientId, row.wrappedKey)]));
  }

  private cipherOf(
    clientId: string,
    wrappedKey: (typeof clientKey.$inferSelect)['wrappedKey'],
  ): ClientCipher {
    const dataKey = open(this.keys.key(WRAP_PURPOSE), wrappedKey, `client:${clientId}:key`);
    const label = (field: string) => `client:${clientId}:${field}`;
    return {
      seal: (field, value) => seal(dataKey, JSON.stringify(value), label(field)),
      open: <T>(field: string, sealed: string) =>
        JSON.parse(open(dataKey, sealed, label(field)).toString('utf8')) as T,
      sealBytes: (field, bytes) => Buffer.from(seal(dataKey, bytes, label(field))),
      openBytes: (field, sealed) => open(dataKey, sealed.toString(), label(field)),
    };
  }

  /** Destroys the key: everything sealed with it becomes unreadable (erasure, P9.4). */
  async destroy(tx: Tx, clientId: string): Promise<void> {
    await tx.delete(clientKey).where(eq(clientKey.clientId, clientId));
  }
}
