import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { AccessBasis } from '../audit/events';

/**
 * The care relationship, set-based (immich's access repository): for the acting staff member and a
 * set of clients, the basis on which each client may be seen; clients without one are absent.
 *
 * The rule itself lives in one place, the database function `vellum_care_basis` (migration 0038,
 * decision 0015), which row-level security calls too — so the gate and the second wall can never
 * disagree. It reads the actor and the clock the gate set for this transaction.
 */
export async function careBases(
  tx: Pick<Db, 'execute'>,
  clientIds: string[],
): Promise<Map<string, AccessBasis>> {
  const bases = new Map<string, AccessBasis>();
  const ids = clientIds.filter((id) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
  );
  if (ids.length === 0) return bases;
  const result = await tx.execute(sql`
    select id::text as id, vellum_care_basis(id) as basis
    from unnest(${`{${ids.join(',')}}`}::uuid[]) as t(id)`);
  for (const row of (result as unknown as { rows: { id: string; basis: string | null }[] }).rows) {
    if (row.basis) bases.set(row.id, row.basis as AccessBasis);
  }
  return bases;
}

/**
 * Records that a staff member treats a client through an intake, a treatment or (when a practitioner
 * registers a client themselves) their own registration: it lasts the clinic's follow-up period from
 * now, extended by every later one (decision 0015). Inside the action's transaction.
 */
export async function recordCare(
  tx: Pick<Db, 'execute'>,
  care: { staffId: string; clientId: string; basis: 'treatment' | 'intake' | 'assignment'; now: Date },
): Promise<void> {
  const now = care.now.toISOString();
  await tx.execute(sql`
    insert into care_relationship (client_id, staff_id, basis, since, valid_until, created_by)
    values (${care.clientId}, ${care.staffId}, ${care.basis}, ${now}::timestamptz,
            ${now}::timestamptz + make_interval(days => (select coalesce(max(follow_up_days), 60) from clinic)),
            ${care.staffId})
    on conflict (staff_id, client_id, basis)
      do update set valid_until = greatest(care_relationship.valid_until, excluded.valid_until)`);
}
