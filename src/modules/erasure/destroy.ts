import { inArray, sql } from 'drizzle-orm';
import { client } from '../../db/schema';
import type { ErasedClients } from '../../platform/erased-clients';
import type { BlobStore } from '../../platform/storage';
import type { Scope } from '../access/gate';
import { photo } from '../photos/tables';
import { schedulePaperDestruction } from '../registers/registers.service';
import { forgetOrdersOf } from '../shop/erasure';

/**
 * Destroys clients inside the caller's transaction (an erasure request, the retention job): the
 * client rows go, and with them by cascade every dossier row and each client's key; the ids are
 * written to the erased-clients file before commit. Returns the photo ids whose files to remove
 * after commit (unreadable already: their key is gone).
 */
export async function destroyClients(
  scope: Scope,
  erased: ErasedClients,
  clientIds: string[],
  why: 'erasure_request' | 'retention',
): Promise<{ destroyed: string[]; photoIds: string[] }> {
  if (clientIds.length === 0) return { destroyed: [], photoIds: [] };
  // Paper files get their destruction task on the same date (P7.2), found by archive code.
  await schedulePaperDestruction(scope.tx, clientIds, scope.now);
  const photos = await scope.tx
    .select({ id: photo.id })
    .from(photo)
    .where(inArray(photo.clientId, clientIds));
  // Webshop orders stay as financial records without what only served the sale.
  await forgetOrdersOf(scope, clientIds);
  const deleted = await scope.tx
    .delete(client)
    .where(inArray(client.id, clientIds))
    .returning({ id: client.id });
  const destroyed = deleted.map((row) => row.id);
  erased.add(...clientIds);
  // The database counts the erasures it has seen, as the register does: a restored older copy is
  // then recognised at start by its lower count (decision 0017).
  await scope.tx.execute(
    sql`update vellum_installation set erasures = greatest(erasures, ${erased.count()})`,
  );
  for (const id of destroyed) {
    scope.record({
      action: 'delete',
      objectType: why === 'retention' ? 'dossier' : 'client',
      objectId: id,
      clientId: id,
      basis: 'system',
    });
  }
  return { destroyed, photoIds: photos.map((p) => p.id) };
}

/** Removes the photo files of destroyed clients; what fails here the orphan sweep removes later. */
export async function removePhotoFiles(store: BlobStore, photoIds: string[]): Promise<void> {
  await Promise.allSettled(
    photoIds.flatMap((id) => [store.delete(`${id}.display`), store.delete(`${id}.thumb`)]),
  );
}
