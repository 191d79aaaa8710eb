import { inArray, lt, or, sql } from 'drizzle-orm';
import { client } from '../../db/schema';
import type { Scope } from '../access/gate';
import { shopOrder } from './tables';

/**
 * When a dossier is destroyed (an erasure, retention), its orders stay as financial records for
 * seven years (P9.3) — the invoice keeps the name and address the law needs — but lose what only
 * served the sale: e-mail, phone, address, name, and the links' tokens (which stop working).
 * Orders placed with the client's e-mail that were never confirmed as theirs go the same way.
 * Called by destroyClients before the client rows go (it reads their e-mail addresses).
 */
export async function forgetOrdersOf(scope: Pick<Scope, 'tx' | 'now'>, clientIds: string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  const people = await scope.tx
    .select({ email: client.email })
    .from(client)
    .where(inArray(client.id, clientIds));
  const emails = people.flatMap((p) => (p.email ? [p.email.toLowerCase()] : []));
  const forgotten = await scope.tx
    .update(shopOrder)
    .set({
      name: '',
      email: null,
      phone: null,
      address: null,
      tokenHash: sql`'erased:' || ${shopOrder.id}`,
      mailTokenHash: null,
      confirmTokenHash: null,
      erasedAt: scope.now,
    })
    .where(
      emails.length > 0
        ? or(inArray(shopOrder.clientId, clientIds), inArray(sql`lower(${shopOrder.email})`, emails))
        : inArray(shopOrder.clientId, clientIds),
    )
    .returning({ id: shopOrder.id });
  return forgotten.length;
}

/**
 * Retention (P9.3): orders, their payments, refunds and withdrawals seven years after they were
 * placed, as the invoices they led to. Returns how many orders went.
 */
export async function destroyOrdersOlderThan(scope: Scope, asOf: Date): Promise<number> {
  const cutoff = new Date(asOf);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - 7);
  const gone = await scope.tx
    .delete(shopOrder)
    .where(lt(shopOrder.createdAt, cutoff))
    .returning({ id: shopOrder.id, clientId: shopOrder.clientId });
  for (const row of gone) {
    scope.record({ action: 'delete', objectType: 'shop_order', objectId: row.id, clientId: row.clientId });
  }
  return gone.length;
}
