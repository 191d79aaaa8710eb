import { and, desc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { auditEvent, breakGlass } from '../../db/schema';
import { NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';
import type { AuditAction } from './events';
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

export type UnusualAccess = {
  kind: 'break_glass' | 'refused' | 'without_treatment' | 'many_dossiers';
  at: Date;
  actorId: string | null;
  actorRole: string;
  clientId: string | null;
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

  async list(actor: Actor, filter: AuditFilter, origin: string): Promise<AuditRow[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'audit_log' });
      const conditions: SQL[] = [];
      if (filter.clientId) conditions.push(eq(auditEvent.clientId, filter.clientId));
      if (filter.actorId) conditions.push(eq(auditEvent.actorId, filter.actorId));
      if (filter.action) conditions.push(eq(auditEvent.action, filter.action));
      if (filter.outcome) conditions.push(eq(auditEvent.outcome, filter.outcome));
      if (filter.from) conditions.push(gte(auditEvent.at, filter.from));
      if (filter.to) conditions.push(lt(auditEvent.at, filter.to));
      if (filter.beforeSeq) conditions.push(lt(auditEvent.seq, filter.beforeSeq));
      const rows = await scope.tx
        .select()
        .from(auditEvent)
        .where(and(...conditions))
        .orderBy(desc(auditEvent.seq))
        .limit(filter.limit);
      scope.record({
        action: 'read',
        objectType: 'audit_log',
        clientId: filter.clientId ?? null,
        basis: 'role',
      });
      return rows;
    });
  }

  /**
   * Accesses an owner should look at: break-glass, refusals, dossiers opened on a basis other than
   * treating the client (an assignment or emergency), and one person opening many dossiers in ten
   * minutes. When the agenda exists, "opened without an appointment that day" joins this list.
   */
  async unusual(actor: Actor, range: { from: Date; to: Date }, origin: string): Promise<UnusualAccess[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'audit_report' });
      const window = and(gte(auditEvent.at, range.from), lt(auditEvent.at, range.to));
      const flagged = await scope.tx
        .select()
        .from(auditEvent)
        .where(
          and(
            window,
            sql`(${auditEvent.action} = 'break_glass'
                 or ${auditEvent.outcome} = 'refused'
                 or (${auditEvent.clientId} is not null and ${auditEvent.action} in ('read', 'update')
                     and ${auditEvent.basis} in ('assignment', 'break_glass')))`,
          ),
        )
        .orderBy(desc(auditEvent.at))
        .limit(500);
      const bursts = await scope.tx.execute(sql`
        select actor_id, actor_role, date_bin('10 minutes', at, timestamptz '2000-01-01') as slot,
               count(distinct client_id)::int as clients
        from audit_event
        where at >= ${range.from} and at < ${range.to} and client_id is not null
          and action in ('read', 'search') and outcome = 'allowed'
        group by 1, 2, 3
        having count(distinct client_id) >= ${MANY_DOSSIERS}
        order by 3 desc`);
      scope.record({ action: 'read', objectType: 'audit_report', basis: 'role' });
      const report: UnusualAccess[] = flagged.map((row) => ({
        kind:
          row.action === 'break_glass'
            ? 'break_glass'
            : row.outcome === 'refused'
              ? 'refused'
              : 'without_treatment',
        at: row.at,
        actorId: row.actorId,
        actorRole: row.actorRole,
        clientId: row.clientId,
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
          count: Number(burst.clients),
          reason: null,
        });
      }
      return report;
    });
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
