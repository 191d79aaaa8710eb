/**
 * Per-client data keys for bulk seeding, made by the app's own ClientKeys so the wrap, the key's
 * label and every field's associated data (`client:<id>:<field>`) are exactly what the services
 * write. ClientKeys talks to a transaction; here it talks to an in-memory stand-in that captures the
 * row `create` inserts and hands it back to `cipherFor`, so a hundred thousand keys cost no round
 * trip. The row then goes to the database in a bulk insert.
 */

import type { ClientCipher, ClientKeys } from '../modules/access/client-keys';
import type { Tx } from '../modules/access/gate';
import type { clientKey } from '../modules/access/tables';

export type ClientKeyRow = typeof clientKey.$inferInsert;

export async function newClientKey(
  keys: ClientKeys,
  clientId: string,
  now: Date,
): Promise<{ row: ClientKeyRow; cipher: ClientCipher }> {
  let row: ClientKeyRow | undefined;
  const capture = {
    insert: () => ({
      values: async (values: ClientKeyRow) => {
        row = values;
      },
    }),
  } as unknown as Tx;
  await keys.create(capture, clientId, now);
  if (!row) throw new Error('ClientKeys.create wrote no key row');
  const written = row;
  const readBack = {
    select: () => ({ from: () => ({ where: async () => [written] }) }),
  } as unknown as Tx;
  return { row: written, cipher: await keys.cipherFor(readBack, clientId) };
}
