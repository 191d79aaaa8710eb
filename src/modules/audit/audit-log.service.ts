import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { auditEvent, auditEventShown, breakGlass, client } from '../../db/schema';
import { NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { AuditAction } from './events';
import { sealAudit } from './seal';
import { type AuditAnchor, verifyAuditChain } from './verify';

export type AuditFilter = {
  clientId?: string;
  actorId?: string;
  action?: AuditAction;
  outcome?: 'allowed' | 'refused' | 'failed';
  from?: Date;
  to?: Date;
  limit: number;
  beforeSeq?: number;
};

export type AuditRow = typeof auditEvent.$inferSelect;
/** A sealed entry as the owner's log shows it; a result set's with every client it showed. */
export type SealedAuditRow = AuditRow & { seq: number; clientIds: string[] | null };

export const unusualKinds = [
  'break_glass',
  'refused',
  'assignment',
  'outside_window',
  'public_link',
  'own_check_in',
  'many_dossiers',
] as const;

export type UnusualAccess = {
  kind: (typeof unusualKinds)[number];
  at: Date;
  actorId: string | null;
  actorRole: string;
  clientId: string | null;
  /** For the owner: who the client is (null once the dossier is destroyed). */
  clientName: string | null;
  count: number;
  reason: string | null;
};

/** How many different dossiers one person may open within ten minutes before it is flagged. */
export const MANY_DOSSIERS = 20;

/**
 * The owner's view of the audit trail: the log with filters, the unusual-access report and the
 * break-glass review. Reading the log is itself logged.
 */
export class AuditLog {
  constructor(
    private readonly gate: AccessGate,
    private readonly database: Database,
  ) {}

  async list(actor: Actor, filter: AuditFilter, origin: string): Promise<SealedAuditRow[]> {
    // The log pages by seq: seal what has committed first, so it shows up to the latest action.
    await sealAudit(this.database.db);
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'audit_log' });
      const conditions: SQL[] = [isNotNull(auditEvent.seq)];
      if (filter.actorId) conditions.push(eq(auditEvent.actorId, filter.actorId));
      if (filter.action) conditions.push(eq(auditEvent.action, filter.action));
      if (filter.outcome) conditions.push(eq(auditEvent.outcome, filter.outcome));
      if (filter.from) conditions.push(gte(auditEvent.at, filter.from));
      if (filter.to) conditions.push(lt(auditEvent.at, filter.to));
      if (filter.beforeSeq) conditions.push(lt(auditEvent.seq, filter.beforeSeq));
      let rows: AuditRow[];
      if (filter.clientId) {
        // About the client (their own index), and the result sets that showed them (the lists'
        // index): each newest first, the page merged from both. A list's entry is shown with this
        // client and the basis it had for them.
        const clientId = filter.clientId;
        const about = await scope.tx
          .select()
          .from(auditEvent)
          .where(and(...conditions, eq(auditEvent.clientId, clientId)))
          .orderBy(desc(auditEvent.seq))
          .limit(filter.limit);
        const shown = await scope.tx
          .select({ entry: auditEvent, basis: auditEventShown.basis })
          .from(auditEventShown)
          .innerJoin(
            auditEvent,
            and(
              eq(auditEvent.stripe, auditEventShown.stripe),
              eq(auditEvent.stripeN, auditEventShown.stripeN),
            ),
          )
          .where(and(...conditions, eq(auditEventShown.clientId, clientId)))
          .orderBy(desc(auditEvent.seq))
          .limit(filter.limit);
        rows = [...about, ...shown.map(({ entry, basis }) => ({ ...entry, clientId, basis }))]
          .sort((a, b) => Number(b.seq) - Number(a.seq))
          .slice(0, filter.limit);
      } else {
        rows = await scope.tx
          .select()
          .from(auditEvent)
          .where(and(...conditions))
          .orderBy(desc(auditEvent.seq))
          .limit(filter.limit);
      }
      const lists = await this.listsOf(scope, rows);
      scope.record({
        action: 'read',
        objectType: 'audit_log',
        clientId: filter.clientId ?? null,
        basis: 'role',
      });
      return rows.map((row) => ({
        ...row,
        seq: Number(row.seq),
        clientIds: lists.get(`${row.stripe}:${row.stripeN}`) ?? null,
      }));
    });
  }

  /**
   * Accesses an owner should look at (decision 0015), one row per request rather than per entry:
   * break-glass, refusals, dossiers opened through an owner's assignment, outside any appointment's
   * window (a treatment's follow-up), through an online booking confirmed only by the link sent to
   * the dossier's address, or after the practitioner checked in their own appointment; and one
   * person opening many dossiers in ten minutes. The owner sees the client's name.
   */
  async unusual(actor: Actor, range: { from: Date; to: Date }, origin: string): Promise<UnusualAccess[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'audit_report' });
      const flagged = await scope.tx.execute(sql`
        select min(at) as at, actor_id, actor_role, client_id, kind, count(*)::int as entries,
               max(reason) as reason
        from (
          select at, actor_id, actor_role, client_id, origin, reason,
            case
              when action = 'break_glass' then 'break_glass'
              when outcome = 'refused' then 'refused'
              when basis = 'assignment' then 'assignment'
              when basis = 'follow_up' then 'outside_window'
              when basis = 'public_link' then 'public_link'
              when basis = 'own_check_in' then 'own_check_in'
            end as kind
          from (
            select at, actor_id, actor_role, client_id, origin, reason, action, outcome, basis
            from audit_event
            where at >= ${range.from} and at < ${range.to}
              and (action = 'break_glass' or outcome = 'refused'
                   or (client_id is not null
                       and basis in ('assignment', 'follow_up', 'public_link', 'own_check_in')))
            union all
            -- The clients of result sets (decision 0027), each with the basis it was shown on.
            select e.at, e.actor_id, e.actor_role, c.client_id, e.origin, e.reason, e.action, e.outcome, c.basis
            from audit_event e
            join audit_event_shown c on c.stripe = e.stripe and c.stripe_n = e.stripe_n
            where e.at >= ${range.from} and e.at < ${range.to} and e.form = 3
              and c.basis in ('assignment', 'follow_up', 'public_link', 'own_check_in')
          ) u
        ) e
        group by origin, actor_id, actor_role, client_id, kind
        order by min(at) desc
        limit 500`);
      const bursts = await scope.tx.execute(sql`
        select actor_id, actor_role, date_bin('10 minutes', at, timestamptz '2000-01-01') as slot,
               count(distinct client_id)::int as clients
        from (
          select actor_id, actor_role, at, client_id
          from audit_event
          where at >= ${range.from} and at < ${range.to} and client_id is not null
            and action in ('read', 'search') and outcome = 'allowed'
          union all
          select e.actor_id, e.actor_role, e.at, c.client_id
          from audit_event e
          join audit_event_shown c on c.stripe = e.stripe and c.stripe_n = e.stripe_n
          where e.at >= ${range.from} and e.at < ${range.to} and e.form = 3
            and e.action in ('read', 'search') and e.outcome = 'allowed'
        ) u
        group by 1, 2, 3
        having count(distinct client_id) >= ${MANY_DOSSIERS}
        order by 3 desc`);
      type Flagged = {
        at: string | Date;
        actor_id: string | null;
        actor_role: string;
        client_id: string | null;
        kind: UnusualAccess['kind'];
        reason: string | null;
      };
      const rows = (flagged as unknown as { rows: Flagged[] }).rows;
      const names = await this.namesFor(
        scope,
        rows.flatMap((r) => (r.client_id ? [r.client_id] : [])),
      );
      scope.record({ action: 'read', objectType: 'audit_report', basis: 'role' });
      const report: UnusualAccess[] = rows.map((row) => ({
        kind: row.kind,
        at: new Date(row.at),
        actorId: row.actor_id,
        actorRole: row.actor_role,
        clientId: row.client_id,
        clientName: row.client_id ? (names.get(row.client_id) ?? null) : null,
        count: 1,
        reason: row.reason,
      }));
      for (const burst of (bursts as unknown as { rows: Record<string, unknown>[] }).rows) {
        report.push({
          kind: 'many_dossiers',
          at: new Date(burst.slot as string),
          actorId: burst.actor_id as string | null,
          actorRole: burst.actor_role as string,
          clientId: null,
          clientName: null,
          count: Number(burst.clients),
          reason: null,
        });
      }
      return report;
    });
  }

  /** The clients each result-set entry on a page showed (decision 0027), by `stripe:number`. */
  private async listsOf(scope: Scope, rows: AuditRow[]): Promise<Map<string, string[]>> {
    const sets = rows.filter((row) => row.form === 3);
    if (sets.length === 0) return new Map();
    const members = await scope.tx
      .select({
        stripe: auditEventShown.stripe,
        stripeN: auditEventShown.stripeN,
        clientId: auditEventShown.clientId,
      })
      .from(auditEventShown)
      .where(
        or(
          ...sets.map((row) =>
            and(
              eq(auditEventShown.stripe, Number(row.stripe)),
              eq(auditEventShown.stripeN, Number(row.stripeN)),
            ),
          ),
        ),
      )
      .orderBy(auditEventShown.clientId);
    const lists = new Map<string, string[]>();
    for (const m of members) {
      const key = `${m.stripe}:${m.stripeN}`;
      lists.set(key, [...(lists.get(key) ?? []), m.clientId]);
    }
    return lists;
  }

  /** The names of the clients in a report, read through the gate (each read logged). */
  private async namesFor(scope: Scope, clientIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(clientIds)];
    if (ids.length === 0) return new Map();
    const allowed = await scope.filterClients('read', 'contact', ids);
    if (allowed.size === 0) return new Map();
    const rows = await scope.tx
      .select({ id: client.id, firstName: client.firstName, lastName: client.lastName })
      .from(client)
      .where(inArray(client.id, [...allowed.keys()]));
    return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
  }

  async openBreakGlass(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'break_glass' });
      scope.record({ action: 'read', objectType: 'break_glass', basis: 'role' });
      return scope.tx
        .select({
          id: breakGlass.id,
          staffId: breakGlass.staffId,
          clientId: breakGlass.clientId,
          reason: breakGlass.reason,
          openedAt: breakGlass.openedAt,
          expiresAt: breakGlass.expiresAt,
        })
        .from(breakGlass)
        .where(isNull(breakGlass.reviewedAt))
        .orderBy(desc(breakGlass.openedAt));
    });
  }

  async review(actor: Actor, breakGlassId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'review', objectType: 'break_glass', objectId: breakGlassId });
      const updated = await scope.tx
        .update(breakGlass)
        .set({ reviewedAt: scope.now, reviewedBy: actor.kind === 'staff' ? actor.id : null })
        .where(and(eq(breakGlass.id, breakGlassId), isNull(breakGlass.reviewedAt)))
        .returning({ clientId: breakGlass.clientId });
      if (updated.length === 0) throw new NotFound();
      scope.record({
        action: 'review',
        objectType: 'break_glass',
        objectId: breakGlassId,
        clientId: updated[0]?.clientId,
        basis: 'role',
      });
    });
  }

  /** Verifies the chain and records that it was verified (after verifying). */
  async verify(actor: Actor, anchors: AuditAnchor[], origin: string) {
    const result = await verifyAuditChain(this.database.db, anchors);
    await this.gate.act(actor, origin, async (scope) => {
      scope.record({
        action: 'verify',
        objectType: 'audit_log',
        outcome: result.ok ? 'allowed' : 'failed',
        basis: 'system',
      });
    });
    return result;
  }
}
