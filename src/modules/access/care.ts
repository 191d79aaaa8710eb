import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { breakGlass, careRelationship } from '../../db/schema';
import type { AccessBasis } from '../audit/events';

/**
 * The care relationship, set-based (immich's access repository): for one staff member and a set of
 * clients, the basis on which each client may be seen. Clients without one are absent.
 * A relationship from treating the client (appointment, intake, treatment) wins over an owner's
 * assignment, which wins over break-glass.
 */
export async function careBases(
  tx: Pick<Db, 'select'>,
  staffId: string,
  clientIds: string[],
  now: Date,
): Promise<Map<string, AccessBasis>> {
  const bases = new Map<string, AccessBasis>();
  if (clientIds.length === 0) return bases;
  const relationships = await tx
    .select({ clientId: careRelationship.clientId, basis: careRelationship.basis })
    .from(careRelationship)
    .where(and(eq(careRelationship.staffId, staffId), inArray(careRelationship.clientId, clientIds)));
  for (const { clientId, basis } of relationships) {
    const found: AccessBasis = basis === 'assignment' ? 'assignment' : 'relationship';
    if (bases.get(clientId) !== 'relationship') bases.set(clientId, found);
  }
  const missing = clientIds.filter((id) => !bases.has(id));
  if (missing.length > 0) {
    const glass = await tx
      .select({ clientId: breakGlass.clientId })
      .from(breakGlass)
      .where(
        and(
          eq(breakGlass.staffId, staffId),
          inArray(breakGlass.clientId, missing),
          gt(breakGlass.expiresAt, now),
        ),
      );
    for (const { clientId } of glass) bases.set(clientId, 'break_glass');
  }
  return bases;
}
