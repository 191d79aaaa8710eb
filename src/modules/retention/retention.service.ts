import { eq, inArray, sql } from 'drizzle-orm';
import { client } from '../../db/schema';
import type { ErasedClients } from '../../platform/erased-clients';
import { Conflict, Invalid } from '../../platform/errors';
import { tryJobLock } from '../../platform/job-lock';
import type { BlobStore } from '../../platform/storage';
import { type Actor, job } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { ContactRequests } from '../contact/contact.service';
import { destroyClients, removePhotoFiles } from '../erasure/destroy';
import type { Invoices } from '../invoices/invoice.service';
import { RETENTION } from '../registers/retention-periods';
import { destroyOrdersOlderThan } from '../shop/erasure';
import { RetentionProgress, type RetentionRunState, retentionRunState } from './retention-progress';
import { retentionHold } from './tables';

const BATCH = 500;
const SYSTEM: Actor = job('retention');

export type DueDossier = {
  clientId: string;
  dueAt: Date;
  basis: 'last_visit' | 'registration' | 'medical_act';
};

export type RetentionSummary = {
  asOf: string;
  dryRun: boolean;
  /** Dossiers past their period (held ones not counted). */
  due: number;
  destroyed: number;
  /** Due within the next 30 days after `asOf`. */
  upcoming30Days: number;
  onLegalHold: number;
  /** Contact-form questions past their period (P5.4), destroyed in the same run. */
  contactRequestsDestroyed: number;
  /** Invoices and credit notes (with their payments) seven years after their date (P9.3). */
  financialRecordsDestroyed: number;
  seconds: number;
};

/**
 * Retention (P9.1): a dossier is destroyed two years after the client's last treatment or consult,
 * or two years after it was created when no visit ever followed (a booking that never led to one);
 * twenty years after the last treatment that is a medical act under the WGBO. A legal hold keeps
 * it. Destruction is the same as an erasure (rows, photos, the client's key, the erased-clients
 * file). Financial records have their own seven-year rule (P9.3) and outlive the dossier.
 *
 * The daily job and `vellum retention run` call `run`; each batch is one transaction under the
 * job's advisory lock, so two instances never destroy side by side and a crash loses no batch.
 */
export class Retention {
  constructor(
    private readonly gate: AccessGate,
    private readonly erased: ErasedClients,
    private readonly store: BlobStore,
    private readonly contactRequests: ContactRequests,
    private readonly invoices: Invoices,
    /** After destructions have committed: vacuum the identity away (vacuumAfterDestruction). */
    private readonly afterDestruction: () => Promise<void> = async () => {},
  ) {}

  /**
   * A real run records its progress (step, clients done of due) and then its summary for the
   * owner's screen, on any instance (retention-progress.ts); a dry run destroys nothing and records
   * nothing. `batch` is how many dossiers one transaction destroys.
   */
  async run(options: { asOf: Date; dryRun: boolean; batch?: number }): Promise<RetentionSummary> {
    if (options.dryRun) return this.runSteps(options);
    const progress = new RetentionProgress(this.gate);
    await progress.start();
    try {
      const summary = await this.runSteps(options, progress);
      await progress.finish('ok', summary);
      return summary;
    } catch (error) {
      await progress.finish('failed', null);
      throw error;
    }
  }

  private async runSteps(
    options: { asOf: Date; dryRun: boolean; batch?: number },
    progress?: RetentionProgress,
  ): Promise<RetentionSummary> {
    const started = performance.now();
    const batchSize = options.batch ?? BATCH;
    const { due, upcoming, held } = await this.gate.act(SYSTEM, 'job:retention', async (scope) => {
      const in30Days = new Date(options.asOf.getTime() + 30 * 24 * 3600 * 1000);
      const all = await this.dueBy(scope, in30Days);
      return {
        due: all.filter((d) => d.dueAt <= options.asOf),
        upcoming: all.filter((d) => d.dueAt > options.asOf).length,
        held: await this.holdCount(scope),
      };
    });
    let destroyed = 0;
    let contactRequestsDestroyed = 0;
    let financialRecordsDestroyed = 0;
    if (!options.dryRun) {
      await progress?.report({ step: 'contact_requests', done: 0, total: 1 });
      contactRequestsDestroyed = await this.gate.act(SYSTEM, 'job:retention', (scope) =>
        this.contactRequests.destroyOlderThan(scope, options.asOf),
      );
      await progress?.report({ step: 'financial_records', done: 0, total: 1 });
      financialRecordsDestroyed = await this.gate.act(SYSTEM, 'job:retention', async (scope) => {
        // Webshop orders are financial records too, kept as long as their invoices.
        await destroyOrdersOlderThan(scope, options.asOf);
        return this.invoices.destroyOlderThan(scope, options.asOf);
      });
      await progress?.report({ step: 'dossiers', done: 0, total: due.length });
      for (let i = 0; i < due.length; i += batchSize) {
        const batch = due.slice(i, i + batchSize).map((d) => d.clientId);
        const result = await this.gate.act(SYSTEM, 'job:retention', async (scope) => {
          if (!(await tryJobLock(scope.tx, 'retention')))
            throw new Conflict('another instance is running retention');
          // Re-checked inside the batch: a visit or a hold since the list was made keeps the dossier.
          const still = new Set((await this.dueBy(scope, options.asOf, batch)).map((d) => d.clientId));
          return destroyClients(
            scope,
            this.erased,
            batch.filter((id) => still.has(id)),
            'retention',
          );
        });
        await removePhotoFiles(this.store, result.photoIds);
        destroyed += result.destroyed.length;
        // Dossiers dealt with, destroyed or kept by a visit or hold since the list was made.
        await progress?.report({ step: 'dossiers', done: i + batch.length, total: due.length });
      }
      if (destroyed + contactRequestsDestroyed + financialRecordsDestroyed > 0) {
        await progress?.report({ step: 'cleanup', done: 0, total: 1 });
        await this.afterDestruction();
      }
    }
    return {
      asOf: options.asOf.toISOString(),
      dryRun: options.dryRun,
      due: due.length,
      destroyed,
      upcoming30Days: upcoming,
      onLegalHold: held,
      contactRequestsDestroyed,
      financialRecordsDestroyed,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  }

  /**
   * Dossiers due within `days` (owner): who, when, and on what basis. The dates are computed by the
   * retention job, which sees every treatment date whatever the owner's care relationships, and only
   * ids and dates leave it; the names are then read as the owner, one audit entry naming the clients shown.
   */
  async upcoming(
    actor: Actor,
    asOf: Date,
    days: number,
    origin: string,
  ): Promise<(DueDossier & { firstName: string; lastName: string })[]> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'retention' });
    });
    const due = await this.gate.act(SYSTEM, origin, (scope) =>
      this.dueBy(scope, new Date(asOf.getTime() + days * 24 * 3600 * 1000)),
    );
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'retention' });
      scope.record({ action: 'read', objectType: 'retention', basis: 'role' });
      if (due.length === 0) return [];
      const allowed = await scope.filterClients(
        'read',
        'contact',
        due.map((d) => d.clientId),
      );
      const names = allowed.size
        ? await scope.tx
            .select({ id: client.id, firstName: client.firstName, lastName: client.lastName })
            .from(client)
            .where(inArray(client.id, [...allowed.keys()]))
        : [];
      const byId = new Map(names.map((r) => [r.id, r]));
      return due.map((d) => ({
        ...d,
        firstName: byId.get(d.clientId)?.firstName ?? '',
        lastName: byId.get(d.clientId)?.lastName ?? '',
      }));
    });
  }

  /**
   * How many dossiers are due within `days` and the first date, for the owner's start page: a
   * count only, so no client's name is read (nor logged) on every visit of the page.
   */
  async dueSummary(
    actor: Actor,
    asOf: Date,
    days: number,
    origin: string,
  ): Promise<{ count: number; firstDueAt: Date | null }> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'retention' });
      scope.record({ action: 'read', objectType: 'retention', basis: 'role' });
    });
    const due = await this.gate.act(SYSTEM, origin, (scope) =>
      this.dueBy(scope, new Date(asOf.getTime() + days * 24 * 3600 * 1000)),
    );
    return { count: due.length, firstDueAt: due[0]?.dueAt ?? null };
  }

  /** The retention run going on now (any instance) and the one before (owner). */
  async runState(actor: Actor, origin: string): Promise<RetentionRunState> {
    return retentionRunState(this.gate, actor, origin);
  }

  /** The client's legal hold, if any (owner). */
  async holdOf(actor: Actor, clientId: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'retention_hold', clientId });
      await scope.requireClient('read', 'contact', clientId, { type: 'retention_hold' });
      const [row] = await scope.tx.select().from(retentionHold).where(eq(retentionHold.clientId, clientId));
      return row ? { reason: row.reason, placedAt: row.placedAt } : null;
    });
  }

  /** Places or lifts a legal hold (owner), with the reason on record. */
  async hold(actor: Actor, clientId: string, reason: string | null, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'retention_hold', clientId });
      await scope.requireClient('update', 'contact', clientId, { type: 'retention_hold' });
      if (reason === null) {
        await scope.tx.delete(retentionHold).where(eq(retentionHold.clientId, clientId));
        return;
      }
      if (reason.trim().length < 5) {
        throw new Invalid('reason is too short', [{ field: 'reason', message: 'is too short' }]);
      }
      await scope.tx
        .insert(retentionHold)
        .values({
          clientId,
          reason,
          placedAt: scope.now,
          placedBy: actor.kind === 'staff' ? actor.id : null,
        })
        .onConflictDoUpdate({ target: retentionHold.clientId, set: { reason, placedAt: scope.now } });
    });
  }

  /**
   * Clients whose dossier is due on or before `by`, with the date and why. One pass over the
   * clients with index lookups into treatments (treatment_client covers client and date).
   */
  private async dueBy(scope: Scope, by: Date, only?: string[]): Promise<DueDossier[]> {
    const result = await scope.tx.execute(sql`
      with last as (
        select c.id, c.created_at,
          (select max(t.performed_at) from treatment t where t.client_id = c.id) as last_visit,
          (select max(t.performed_at) from treatment t join treatment_type tt on tt.id = t.treatment_type_id
            where t.client_id = c.id and tt.medical_act) as last_medical
        from client c
        where not exists (select 1 from retention_hold h where h.client_id = c.id)
          ${only ? sql`and c.id = any(${sql.param(only)}::uuid[])` : sql``}
      ), due as (
        select id,
          coalesce(last_visit, created_at) + make_interval(years => ${RETENTION.dossierYears}) as regular,
          last_medical + make_interval(years => ${RETENTION.medicalActYears}) as medical,
          last_visit is null as never_visited
        from last
      )
      select id, greatest(regular, coalesce(medical, regular)) as due_at,
        case when medical is not null and medical > regular then 'medical_act'
             when never_visited then 'registration' else 'last_visit' end as basis
      from due
      where greatest(regular, coalesce(medical, regular)) <= ${by.toISOString()}::timestamptz
      order by due_at`);
    return (
      result as unknown as { rows: { id: string; due_at: string | Date; basis: DueDossier['basis'] }[] }
    ).rows.map((r) => ({ clientId: r.id, dueAt: new Date(r.due_at), basis: r.basis }));
  }

  private async holdCount(scope: Scope): Promise<number> {
    const result = await scope.tx.execute(sql`select count(*)::int as n from retention_hold`);
    return (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
  }
}
