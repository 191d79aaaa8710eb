import { desc, eq, sql } from 'drizzle-orm';
import { open, seal } from '../../platform/crypto';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { KeyStore } from '../../platform/keys';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import { type Actor, visitor } from '../access/actor';
import type { AccessGate, Tx } from '../access/gate';
import { incident } from './tables';

/** GDPR art. 33(1): notify the supervisory authority within 72 hours of becoming aware. */
export const NOTIFY_HOURS = 72;
const PURPOSE = 'incident';
const PUBLIC_ACTOR: Actor = visitor('incident-form');

export type IncidentReport = { description: string; contact: string | null };
export type Assessment = {
  assessment: string;
  personalDataBreach: boolean;
  notifyAuthority: boolean;
  notifyClients: boolean;
  authorityNotifiedAt?: Date | null;
  clientsNotifiedAt?: Date | null;
  closed?: boolean;
};

export type IncidentView = {
  id: string;
  reference: string;
  source: 'public_form' | 'staff';
  reportedAt: Date;
  notifyDeadlineAt: Date;
  report: IncidentReport;
  assessment: string | null;
  personalDataBreach: boolean | null;
  notifyAuthority: boolean | null;
  authorityNotifiedAt: Date | null;
  notifyClients: boolean | null;
  clientsNotifiedAt: Date | null;
  assessedAt: Date | null;
  closedAt: Date | null;
  /** The deadline passed with a breach to notify and no notification recorded. */
  overdue: boolean;
};

/**
 * Reports of suspected misuse (P10.2): anyone through the public form, staff from inside. The
 * owner assesses each one and records whether it is a personal-data breach, whether the authority
 * and the clients must be told and when they were; the register keeps every incident, notified or
 * not, and shows the 72-hour clock.
 */
export class Incidents {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: KeyStore,
  ) {}

  /** From the public form; throttled per network (keyed hash), nothing about the sender kept but what they wrote. */
  async reportPublicly(
    report: IncidentReport,
    network: string,
    origin: string,
  ): Promise<{ id: string; reference: string }> {
    return this.gate.act(PUBLIC_ACTOR, origin, async (scope) => {
      const keys = [`incident:${network}`];
      await assertNotThrottled(scope.tx, keys, scope.now);
      await recordFailure(scope.tx, keys, scope.now); // every report counts toward the limit
      return this.insert(scope.tx, scope.now, 'public_form', report, null, (id) =>
        scope.record({ action: 'create', objectType: 'incident', objectId: id }),
      );
    });
  }

  async reportByStaff(
    actor: Actor,
    report: IncidentReport,
    origin: string,
  ): Promise<{ id: string; reference: string }> {
    return this.gate.act(actor, origin, (scope) =>
      this.insert(scope.tx, scope.now, 'staff', report, actor.kind === 'staff' ? actor.id : null, (id) =>
        scope.record({ action: 'create', objectType: 'incident', objectId: id }),
      ),
    );
  }

  async list(actor: Actor, origin: string): Promise<IncidentView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'incident' });
      scope.record({ action: 'read', objectType: 'incident', basis: 'role' });
      const rows = await scope.tx.select().from(incident).orderBy(desc(incident.reportedAt));
      return rows.map((row) => this.view(row, scope.now));
    });
  }

  async assess(actor: Actor, id: string, input: Assessment, origin: string): Promise<IncidentView> {
    if (input.notifyAuthority && !input.personalDataBreach) {
      throw new Invalid('notifyAuthority applies to a personal-data breach', [
        { field: 'notifyAuthority', message: 'applies to a personal-data breach only' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'incident', objectId: id });
      const [row] = await scope.tx
        .update(incident)
        .set({
          assessment: seal(this.keys.key(PURPOSE), input.assessment, `incident:${id}:assessment`),
          personalDataBreach: input.personalDataBreach,
          notifyAuthority: input.notifyAuthority,
          notifyClients: input.notifyClients,
          authorityNotifiedAt: input.authorityNotifiedAt ?? null,
          clientsNotifiedAt: input.clientsNotifiedAt ?? null,
          assessedAt: scope.now,
          assessedBy: actor.kind === 'staff' ? actor.id : null,
          closedAt: input.closed ? scope.now : null,
        })
        .where(eq(incident.id, id))
        .returning();
      if (!row) throw new NotFound();
      scope.record({ action: 'update', objectType: 'incident', objectId: id, basis: 'role' });
      return this.view(row, scope.now);
    });
  }

  private async insert(
    tx: Tx,
    now: Date,
    source: 'public_form' | 'staff',
    report: IncidentReport,
    reportedBy: string | null,
    audit: (id: string) => void,
  ): Promise<{ id: string; reference: string }> {
    const id = newId();
    // The year in UTC: a report in the first hour of 1 January (Dutch time) counts to the old year.
    const next = await tx.execute(
      sql`select vellum_next_incident_reference(${now.getUTCFullYear()}) as reference`,
    );
    const reference = (next as unknown as { rows: { reference: string }[] }).rows[0]?.reference ?? '';
    await tx.insert(incident).values({
      id,
      reference,
      source,
      reportedAt: now,
      notifyDeadlineAt: new Date(now.getTime() + NOTIFY_HOURS * 3600 * 1000),
      report: seal(this.keys.key(PURPOSE), JSON.stringify(report), `incident:${id}:report`),
      reportedBy,
    });
    audit(id);
    return { id, reference };
  }

  private view(row: typeof incident.$inferSelect, now: Date): IncidentView {
    const key = this.keys.key(PURPOSE);
    return {
      id: row.id,
      reference: row.reference,
      source: row.source,
      reportedAt: row.reportedAt,
      notifyDeadlineAt: row.notifyDeadlineAt,
      report: JSON.parse(
        open(key, row.report, `incident:${row.id}:report`).toString('utf8'),
      ) as IncidentReport,
      assessment: row.assessment
        ? open(key, row.assessment, `incident:${row.id}:assessment`).toString('utf8')
        : null,
      personalDataBreach: row.personalDataBreach,
      notifyAuthority: row.notifyAuthority,
      authorityNotifiedAt: row.authorityNotifiedAt,
      notifyClients: row.notifyClients,
      clientsNotifiedAt: row.clientsNotifiedAt,
      assessedAt: row.assessedAt,
      closedAt: row.closedAt,
      overdue:
        now > row.notifyDeadlineAt &&
        row.personalDataBreach !== false &&
        row.notifyAuthority !== false &&
        row.authorityNotifiedAt === null,
    };
  }
}
