import { inArray, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { client } from '../../db/schema';
import type { Clock } from '../../platform/clock';
import { NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { APPOINTMENT_STATUSES } from '../agenda/tables';
import { readStatus } from '../backup/backup.service';
import type { ContraIndication, ContraIndicationSource } from '../dossier/contra-indications';
import type { Retention } from '../retention/retention.service';
import { clinicDay, clinicTimeZone, rowsOf } from './today';

type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

const DAY_MS = 24 * 3600 * 1000;
const RETENTION_CACHE_MS = 5 * 60 * 1000;

/** Why a practitioner looks twice at an appointment before it starts. */
export type AppointmentWarning =
  /** The dossier is not open to the practitioner (yet): an online booking still to confirm at the desk, or outside the care window. */
  | 'not_visible'
  /** An online booking whose person is not yet confirmed to be the client in the dossier (decision 0015). */
  | 'unconfirmed'
  /** The treatment asks for an intake and the client has no signed one for it. */
  | 'no_signed_intake';

export type TodayAppointment = {
  id: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** Null, like the client, when the viewer may not see who it is (as in the agenda). */
  treatmentName: string | null;
  practitionerName: string;
  /** Null when the viewer may not see who it is. */
  client: { id: string; name: string } | null;
};

export type PractitionerDashboard = {
  role: 'practitioner';
  date: string;
  today: (TodayAppointment & {
    warnings: AppointmentWarning[];
    /** From the client's signed intake for this treatment (P3.2); null when not readable. */
    contraIndications: ContraIndication[] | null;
  })[];
  /** Appointments of the coming week whose treatment asks for an intake that is not signed yet. */
  intakesToSign: {
    appointmentId: string;
    startsAt: string;
    treatmentName: string;
    client: { id: string; name: string };
    state: 'waiting_for_client' | 'missing';
  }[];
  /** The practitioner's appointments of the last 14 days, done, without a treatment report. */
  reportsMissing: {
    appointmentId: string;
    startsAt: string;
    treatmentName: string;
    client: { id: string; name: string };
  }[];
};

export type ReceptionDashboard = {
  role: 'reception';
  date: string;
  today: TodayAppointment[];
  counts: { expected: number; arrived: number; toCome: number; noShow: number };
  /** Clients coming today with no consent to keep their health data on file (P1.3): ask at check-in. */
  askForConsent: { clientId: string; name: string; startsAt: string }[];
};

export type OwnerDashboard = {
  role: 'owner';
  date: string;
  tasks: {
    erasureRequests: { id: string; clientName: string | null; deadlineAt: string; daysLeft: number }[];
    correctionRequests: { id: string; clientName: string | null; deadlineAt: string; daysLeft: number }[];
    breakGlassToReview: { count: number; oldestAt: string | null };
    incidents: {
      id: string;
      reportedAt: string;
      notifyDeadlineAt: string;
      hoursLeft: number;
      assessed: boolean;
    }[];
    retentionDue: { count: number; firstDueAt: string | null };
    backup: { at: string | null; result: 'ok' | 'failed' | 'none'; stale: boolean };
    mail: { waiting: number; failed: number; mailServer: boolean };
  };
  checklist: {
    address: boolean;
    openingHours: boolean;
    catalogue: boolean;
    team: boolean;
    mailServer: boolean;
  };
  todayCount: number;
};

export type Dashboard = PractitionerDashboard | ReceptionDashboard | OwnerDashboard;

type AppointmentRow = {
  id: string;
  client_id: string;
  treatment_type_id: string;
  treatment_name: string;
  practitioner_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: AppointmentStatus;
  confirmed_via: string | null;
  needs_intake: boolean;
};

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * The start page: what needs doing today, per role, read as the signed-in staff member through the
 * gate. Client names appear only as far as the gate lets this member see them, and each one shown
 * is logged like the agenda list; medical warnings only for whom the member may read medically
 * (never reception).
 */
export class Dashboards {
  constructor(
    private readonly gate: AccessGate,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'backupDir' | 'smtpUrl'>,
    private readonly retention: () => Pick<Retention, 'dueSummary'>,
    private readonly contraIndications: () => ContraIndicationSource,
  ) {}

  async forActor(actor: Actor, origin: string): Promise<Dashboard> {
    // Only staff have a start page.
    if (actor.kind !== 'staff') throw new NotFound();
    if (actor.role === 'owner') return this.owner(actor, origin);
    if (actor.role === 'reception') return this.reception(actor, origin);
    return this.practitioner(actor, origin);
  }

  private async practitioner(
    actor: Actor & { kind: 'staff' },
    origin: string,
  ): Promise<PractitionerDashboard> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.record({ action: 'read', objectType: 'dashboard', basis: 'role' });
      const day = clinicDay(scope.now, await clinicTimeZone(scope));
      const weekEnd = new Date(day.from.getTime() + 7 * DAY_MS);
      const mine = await appointmentsBetween(scope, day.from, weekEnd, actor.id);
      const since = new Date(scope.now.getTime() - 14 * DAY_MS);
      const undocumented = await rowsOf<AppointmentRow>(
        scope,
        sql`${APPOINTMENT_SELECT}
          where a.practitioner_id = ${actor.id}
            and a.status in ('checked_in', 'completed')
            and a.starts_at >= ${since.toISOString()}::timestamptz
            and a.ends_at <= ${scope.now.toISOString()}::timestamptz
            and not exists (
              select 1 from treatment r
              where r.client_id = a.client_id and r.practitioner_id = a.practitioner_id
                and r.performed_at >= a.starts_at - interval '12 hours'
                and r.performed_at < a.ends_at + interval '12 hours')
          order by a.starts_at`,
      );
      const names = await contactNames(
        scope,
        [...mine, ...undocumented].map((a) => a.client_id),
      );
      const medical = await scope.filterClients(
        'read',
        'medical',
        [...mine, ...undocumented].flatMap((a) => (names.has(a.client_id) ? [a.client_id] : [])),
      );
      const signed = await signedIntakes(
        scope,
        mine.filter((a) => a.needs_intake && medical.has(a.client_id)).map((a) => a.client_id),
      );
      const source = this.contraIndications();
      const today = [];
      for (const a of mine.filter((row) => new Date(row.starts_at) < day.to)) {
        const warnings: AppointmentWarning[] = [];
        if (!names.has(a.client_id)) warnings.push('not_visible');
        if (a.confirmed_via === null) warnings.push('unconfirmed');
        const readable = medical.has(a.client_id);
        if (readable && a.needs_intake && signed.get(a.client_id)?.get(a.treatment_type_id) !== 'signed') {
          warnings.push('no_signed_intake');
        }
        const active = a.status === 'booked' || a.status === 'checked_in';
        today.push({
          ...view(a, names),
          warnings,
          contraIndications:
            readable && active ? await source(scope, a.client_id, a.treatment_type_id) : null,
        });
      }
      return {
        role: 'practitioner',
        date: day.date,
        today,
        intakesToSign: mine.flatMap((a) => {
          const name = names.get(a.client_id);
          const state = signed.get(a.client_id)?.get(a.treatment_type_id);
          if (!name || !a.needs_intake || !medical.has(a.client_id) || state === 'signed') return [];
          if (a.status !== 'booked' && a.status !== 'checked_in') return [];
          return [
            {
              appointmentId: a.id,
              startsAt: iso(a.starts_at),
              treatmentName: a.treatment_name,
              client: { id: a.client_id, name },
              state: state === 'draft' ? ('waiting_for_client' as const) : ('missing' as const),
            },
          ];
        }),
        reportsMissing: undocumented.flatMap((a) => {
          const name = names.get(a.client_id);
          if (!name || !medical.has(a.client_id)) return [];
          return [
            {
              appointmentId: a.id,
              startsAt: iso(a.starts_at),
              treatmentName: a.treatment_name,
              client: { id: a.client_id, name },
            },
          ];
        }),
      };
    });
  }

  private async reception(actor: Actor & { kind: 'staff' }, origin: string): Promise<ReceptionDashboard> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.record({ action: 'read', objectType: 'dashboard', basis: 'role' });
      const day = clinicDay(scope.now, await clinicTimeZone(scope));
      const rows = await appointmentsBetween(scope, day.from, day.to, null);
      const names = await contactNames(
        scope,
        rows.map((a) => a.client_id),
      );
      const comingIds = [
        ...new Set(
          rows.filter((a) => a.status === 'booked' || a.status === 'checked_in').map((a) => a.client_id),
        ),
      ].filter((id) => names.has(id));
      const consenting = await healthDataConsent(scope, comingIds);
      const askForConsent = comingIds
        .filter((id) => !consenting.has(id))
        .map((id) => ({
          clientId: id,
          name: names.get(id) ?? '',
          startsAt: iso(rows.find((a) => a.client_id === id)?.starts_at ?? day.from),
        }));
      return {
        role: 'reception',
        date: day.date,
        today: rows.map((a) => view(a, names)),
        counts: {
          expected: rows.filter((a) => a.status !== 'no_show').length,
          arrived: rows.filter((a) => a.status === 'checked_in' || a.status === 'completed').length,
          toCome: rows.filter((a) => a.status === 'booked').length,
          noShow: rows.filter((a) => a.status === 'no_show').length,
        },
        askForConsent,
      };
    });
  }

  /**
   * The dossiers due within 30 days. Computing it reads every client's last treatment (some 250 ms
   * on 10,000 clients), and the count moves only with treatments, holds and the date: it is kept
   * for five minutes, so the page (refreshed every minute) stays fast.
   */
  private retentionCache: { at: number; value: { count: number; firstDueAt: Date | null } } | null = null;

  private async retentionDue(actor: Actor, origin: string) {
    const now = this.clock.now().getTime();
    if (
      this.retentionCache &&
      now - this.retentionCache.at < RETENTION_CACHE_MS &&
      now >= this.retentionCache.at
    ) {
      return this.retentionCache.value;
    }
    const value = await this.retention().dueSummary(actor, this.clock.now(), 30, origin);
    this.retentionCache = { at: now, value };
    return value;
  }

  private async owner(actor: Actor & { kind: 'staff' }, origin: string): Promise<OwnerDashboard> {
    const retentionDue = await this.retentionDue(actor, origin);
    const backup = await readStatus(this.config);
    const lastGood = backup?.lastGoodAt ?? (backup?.result === 'ok' ? backup.at : null);
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'dashboard' });
      scope.record({ action: 'read', objectType: 'dashboard', basis: 'role' });
      const day = clinicDay(scope.now, await clinicTimeZone(scope));
      const erasures = await rowsOf<{ id: string; client_id: string; deadline_at: Date | string }>(
        scope,
        sql`select id, client_id, deadline_at from erasure_request where executed_at is null order by deadline_at`,
      );
      const corrections = await rowsOf<{ id: string; client_id: string; deadline_at: Date | string }>(
        scope,
        sql`select id, client_id, deadline_at from correction_request where handled_at is null order by deadline_at`,
      );
      const erasureNames = await contactNames(scope, [
        ...erasures.map((e) => e.client_id),
        ...corrections.map((c) => c.client_id),
      ]);
      const [breakGlass] = await rowsOf<{ count: number; oldest: Date | string | null }>(
        scope,
        sql`select count(*)::int as count, min(opened_at) as oldest from break_glass where reviewed_at is null`,
      );
      const incidents = await rowsOf<{
        id: string;
        reported_at: Date | string;
        notify_deadline_at: Date | string;
        assessed_at: Date | string | null;
      }>(
        scope,
        sql`select id, reported_at, notify_deadline_at, assessed_at from incident
            where closed_at is null order by notify_deadline_at`,
      );
      const [mail] = await rowsOf<{ waiting: number; failed: number }>(
        scope,
        sql`select count(*) filter (where last_error is null)::int as waiting,
                   count(*) filter (where last_error is not null)::int as failed
            from outbox_email where sent_at is null`,
      );
      const [setup] = await rowsOf<{
        address: boolean;
        hours: boolean;
        catalogue: boolean;
        team: boolean;
        today: number;
      }>(
        scope,
        sql`select
          exists (select 1 from clinic where coalesce(street, '') <> '' and coalesce(city, '') <> '') as address,
          exists (select 1 from opening_hours) as hours,
          exists (select 1 from treatment_type where active) as catalogue,
          (select count(*) from staff where disabled_at is null) > 1 as team,
          (select count(*)::int from appointment
            where starts_at >= ${day.from.toISOString()}::timestamptz and starts_at < ${day.to.toISOString()}::timestamptz
              and status <> 'cancelled') as today`,
      );
      const mailServer = Boolean(this.config.smtpUrl);
      return {
        role: 'owner',
        date: day.date,
        tasks: {
          erasureRequests: erasures.map((e) => ({
            id: e.id,
            clientName: erasureNames.get(e.client_id) ?? null,
            deadlineAt: iso(e.deadline_at),
            daysLeft: Math.ceil((new Date(e.deadline_at).getTime() - scope.now.getTime()) / DAY_MS),
          })),
          correctionRequests: corrections.map((c) => ({
            id: c.id,
            clientName: erasureNames.get(c.client_id) ?? null,
            deadlineAt: iso(c.deadline_at),
            daysLeft: Math.ceil((new Date(c.deadline_at).getTime() - scope.now.getTime()) / DAY_MS),
          })),
          breakGlassToReview: {
            count: breakGlass?.count ?? 0,
            oldestAt: breakGlass?.oldest ? iso(breakGlass.oldest) : null,
          },
          incidents: incidents.map((i) => ({
            id: i.id,
            reportedAt: iso(i.reported_at),
            notifyDeadlineAt: iso(i.notify_deadline_at),
            hoursLeft: Math.floor((new Date(i.notify_deadline_at).getTime() - scope.now.getTime()) / 3600000),
            assessed: i.assessed_at !== null,
          })),
          retentionDue: {
            count: retentionDue.count,
            firstDueAt: retentionDue.firstDueAt?.toISOString() ?? null,
          },
          backup: {
            at: backup?.at ?? null,
            result: backup?.result ?? 'none',
            stale: !lastGood || scope.now.getTime() - new Date(lastGood).getTime() > 2 * DAY_MS,
          },
          mail: { waiting: mail?.waiting ?? 0, failed: mail?.failed ?? 0, mailServer },
        },
        checklist: {
          address: setup?.address ?? false,
          openingHours: setup?.hours ?? false,
          catalogue: setup?.catalogue ?? false,
          team: setup?.team ?? false,
          mailServer,
        },
        todayCount: setup?.today ?? 0,
      };
    });
  }
}

const APPOINTMENT_SELECT = sql`
  select a.id, a.client_id, a.treatment_type_id, t.name as treatment_name, s.name as practitioner_name,
         a.starts_at, a.ends_at, a.status, a.confirmed_via,
         (t.intake_template_key is not null) as needs_intake
  from appointment a
  join treatment_type t on t.id = a.treatment_type_id
  join staff s on s.id = a.practitioner_id`;

/** Live appointments in [from, to), of one practitioner or everyone the actor's row security shows. */
function appointmentsBetween(scope: Scope, from: Date, to: Date, practitionerId: string | null) {
  return rowsOf<AppointmentRow>(
    scope,
    sql`${APPOINTMENT_SELECT}
      where a.starts_at >= ${from.toISOString()}::timestamptz and a.starts_at < ${to.toISOString()}::timestamptz
        and a.status <> 'cancelled'
        ${practitionerId ? sql`and a.practitioner_id = ${practitionerId}` : sql``}
      order by a.starts_at, s.name`,
  );
}

/** The names of the clients the gate lets the actor see; each one shown is logged as a read. */
async function contactNames(scope: Scope, clientIds: string[]): Promise<Map<string, string>> {
  if (clientIds.length === 0) return new Map();
  const allowed = await scope.filterClients('read', 'contact', clientIds);
  if (allowed.size === 0) return new Map();
  const rows = await scope.tx
    .select({ id: client.id, firstName: client.firstName, lastName: client.lastName })
    .from(client)
    .where(inArray(client.id, [...allowed.keys()]));
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
}

/** Per client and treatment type: the newest intake's state (signed wins over a draft). */
async function signedIntakes(scope: Scope, clientIds: string[]) {
  const result = new Map<string, Map<string, 'signed' | 'draft'>>();
  if (clientIds.length === 0) return result;
  const rows = await rowsOf<{ client_id: string; treatment_type_id: string; signed: boolean }>(
    scope,
    sql`select client_id, treatment_type_id, bool_or(status = 'signed') as signed
        from intake where client_id in (${sql.join(
          [...new Set(clientIds)].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by client_id, treatment_type_id`,
  );
  for (const row of rows) {
    const perType = result.get(row.client_id) ?? new Map();
    perType.set(row.treatment_type_id, row.signed ? 'signed' : 'draft');
    result.set(row.client_id, perType);
  }
  return result;
}

/** The clients whose latest health-data consent is granted (what check-in asks about, P1.3). */
async function healthDataConsent(scope: Scope, clientIds: string[]): Promise<Set<string>> {
  if (clientIds.length === 0) return new Set();
  const rows = await rowsOf<{ client_id: string; decision: string }>(
    scope,
    sql`select distinct on (client_id) client_id, decision from consent_record
        where scope = 'health_data' and subject = '' and client_id in (${sql.join(
          clientIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by client_id, recorded_at desc, id desc`,
  );
  return new Set(rows.filter((r) => r.decision === 'granted').map((r) => r.client_id));
}

function view(a: AppointmentRow, names: Map<string, string>): TodayAppointment {
  const name = names.get(a.client_id);
  return {
    id: a.id,
    startsAt: iso(a.starts_at),
    endsAt: iso(a.ends_at),
    status: a.status,
    treatmentName: name ? a.treatment_name : null,
    practitionerName: a.practitioner_name,
    client: name ? { id: a.client_id, name } : null,
  };
}
