import { sql } from 'drizzle-orm';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { localDate, zonedInstant } from '../agenda/clinic-time';
import { clinicTimeZone, rowsOf } from './today';

export type InsightsPeriod = 'weeks' | 'months';

export type Insights = {
  period: InsightsPeriod;
  /** The first day of each of the 12 buckets (clinic time), oldest first; every series has all of them. */
  buckets: string[];
  from: string;
  to: string;
  website: {
    perBucket: { bucket: string; views: number; visits: number; averageSeconds: number }[];
    browsers: { family: string; visits: number }[];
    systems: { family: string; visits: number }[];
  };
  bookings: { bucket: string; desk: number; online: number }[];
  /** Invoices minus credit notes, by the day they were issued; amounts in cents, VAT included in total. */
  revenue: { bucket: string; totalCents: number; vatCents: number }[];
  /** By the appointment's time: how many were kept, missed (no-show) or called off. */
  attendance: { bucket: string; noShows: number; cancellations: number; appointments: number }[];
  /** Booked minutes (every appointment not cancelled: a no-show's time was held too) against working minutes from each practitioner's weekly hours. */
  utilisation: { practitionerId: string; name: string; bookedMinutes: number; workingMinutes: number }[];
};

const asNumber = (value: unknown) => Number(value ?? 0);
const day = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/** The first days of the 12 weeks (Mondays) or months up to and including the current one. */
export function bucketsEndingAt(today: string, period: InsightsPeriod): { starts: string[]; end: string } {
  const date = new Date(`${today}T00:00:00Z`);
  const starts: string[] = [];
  if (period === 'weeks') {
    const monday = new Date(date);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    for (let i = 11; i >= 0; i--) {
      const d = new Date(monday);
      d.setUTCDate(d.getUTCDate() - 7 * i);
      starts.push(d.toISOString().slice(0, 10));
    }
    const end = new Date(monday);
    end.setUTCDate(end.getUTCDate() + 7);
    return { starts, end: end.toISOString().slice(0, 10) };
  }
  for (let i = 11; i >= 0; i--) {
    starts.push(
      new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 1)).toISOString().slice(0, 10),
    );
  }
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { starts, end: end.toISOString().slice(0, 10) };
}

/**
 * The owner's charts. Every figure is a count or a sum aggregated in SQL (date_trunc, group by):
 * no row about a client leaves the database, so the owner's role suffices; the read still goes
 * through the gate and leaves one audit entry.
 */
export class ClinicInsights {
  constructor(private readonly gate: AccessGate) {}

  /**
   * With `locationId`, the figures of one location (issue 17): bookings, attendance and utilisation
   * by the appointment's location and the working hours there, revenue by the invoice's location
   * (invoices for the clinic as a whole count only without a filter). The website's figures are the
   * clinic's either way.
   */
  async report(
    actor: Actor,
    period: InsightsPeriod,
    origin: string,
    locationId: string | null = null,
  ): Promise<Insights> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'insights' });
      scope.record({ action: 'read', objectType: 'insights', basis: 'role' });
      const timeZone = await clinicTimeZone(scope);
      const { starts, end } = bucketsEndingAt(localDate(scope.now, timeZone), period);
      const first = starts[0] as string;
      const range = {
        unit: period === 'weeks' ? 'week' : 'month',
        timeZone,
        firstDay: first,
        endDay: end,
        from: zonedInstant(first, 0, timeZone).toISOString(),
        to: zonedInstant(end, 0, timeZone).toISOString(),
        locationId,
      };
      const fill = <T extends { bucket: string }>(rows: T[], empty: Omit<T, 'bucket'>): T[] => {
        const byBucket = new Map(rows.map((r) => [r.bucket, r]));
        return starts.map((bucket) => byBucket.get(bucket) ?? ({ bucket, ...empty } as T));
      };
      const website = await websiteFigures(scope, range);
      return {
        period,
        buckets: starts,
        from: first,
        to: end,
        website: {
          perBucket: fill(website.perBucket, { views: 0, visits: 0, averageSeconds: 0 }),
          browsers: website.browsers,
          systems: website.systems,
        },
        bookings: fill(await bookingsByChannel(scope, range), { desk: 0, online: 0 }),
        revenue: fill(await revenue(scope, range), { totalCents: 0, vatCents: 0 }),
        attendance: fill(await attendance(scope, range), { noShows: 0, cancellations: 0, appointments: 0 }),
        utilisation: await utilisation(scope, range),
      };
    });
  }
}

type Range = {
  unit: string;
  timeZone: string;
  firstDay: string;
  endDay: string;
  from: string;
  to: string;
  /** Only this location's rows; null: the whole clinic. */
  locationId?: string | null;
};

/** Rows of the range's location only (every row when it names none). */
const atLocation = (column: ReturnType<typeof sql>, range: Range) =>
  sql`(${range.locationId ?? null}::uuid is null or ${column} = ${range.locationId ?? null}::uuid)`;

/** The bucket of a timestamptz column, as the clinic's local first day of the week or month. */
const bucketOf = (column: ReturnType<typeof sql>, range: Range) =>
  sql`to_char(date_trunc(${range.unit}, ${column} at time zone ${range.timeZone}), 'YYYY-MM-DD')`;

export async function bookingsByChannel(scope: Scope, range: Range) {
  const rows = await rowsOf<{ bucket: string; desk: number; online: number }>(
    scope,
    sql`select ${bucketOf(sql`created_at`, range)} as bucket,
          count(*) filter (where source = 'staff')::int as desk,
          count(*) filter (where source = 'online')::int as online
        from appointment
        where created_at >= ${range.from}::timestamptz and created_at < ${range.to}::timestamptz
          and ${atLocation(sql`location_id`, range)}
        group by 1`,
  );
  return rows.map((r) => ({ bucket: r.bucket, desk: asNumber(r.desk), online: asNumber(r.online) }));
}

export async function revenue(scope: Scope, range: Range) {
  // A credit note's lines carry negative quantities, so its totals are negative: summing subtracts it.
  const rows = await rowsOf<{ bucket: string; total: number; vat: number }>(
    scope,
    sql`select to_char(date_trunc(${range.unit}, issued_on::timestamp), 'YYYY-MM-DD') as bucket,
          sum(total_cents)::bigint as total, sum(vat_cents)::bigint as vat
        from invoice
        where issued_on >= ${range.firstDay}::date and issued_on < ${range.endDay}::date
          and ${atLocation(sql`location_id`, range)}
        group by 1`,
  );
  return rows.map((r) => ({ bucket: r.bucket, totalCents: asNumber(r.total), vatCents: asNumber(r.vat) }));
}

export async function attendance(scope: Scope, range: Range) {
  const rows = await rowsOf<{
    bucket: string;
    no_shows: number;
    cancellations: number;
    appointments: number;
  }>(
    scope,
    sql`select ${bucketOf(sql`starts_at`, range)} as bucket,
          count(*) filter (where status = 'no_show')::int as no_shows,
          count(*) filter (where status = 'cancelled')::int as cancellations,
          count(*)::int as appointments
        from appointment
        where starts_at >= ${range.from}::timestamptz and starts_at < ${range.to}::timestamptz
          and ${atLocation(sql`location_id`, range)}
        group by 1`,
  );
  return rows.map((r) => ({
    bucket: r.bucket,
    noShows: asNumber(r.no_shows),
    cancellations: asNumber(r.cancellations),
    appointments: asNumber(r.appointments),
  }));
}

export async function utilisation(scope: Scope, range: Range) {
  // Working minutes: each day of the period against the practitioner's weekly hours (absences and
  // extra hours are not subtracted or added). Booked: the length of every appointment not
  // cancelled (a no-show's time was held for the client).
  const rows = await rowsOf<{ id: string; name: string; booked: number; working: number }>(
    scope,
    sql`with days as (
          select extract(isodow from d)::int as weekday, count(*)::int as n
          from generate_series(${range.firstDay}::date, ${range.endDay}::date - 1, interval '1 day') d
          group by 1
        ), working as (
          select w.staff_id, sum((w.end_minutes - w.start_minutes) * days.n)::bigint as minutes
          from working_hours w join days on days.weekday = w.weekday
          where ${atLocation(sql`w.location_id`, range)}
          group by w.staff_id
        ), booked as (
          select practitioner_id, (sum(extract(epoch from (ends_at - starts_at))) / 60)::bigint as minutes
          from appointment
          where starts_at >= ${range.from}::timestamptz and starts_at < ${range.to}::timestamptz
            and status <> 'cancelled' and ${atLocation(sql`location_id`, range)}
          group by practitioner_id
        )
        select s.id, s.name, coalesce(b.minutes, 0) as booked, coalesce(w.minutes, 0) as working
        from staff s
        left join working w on w.staff_id = s.id
        left join booked b on b.practitioner_id = s.id
        where s.role <> 'reception' and (w.minutes > 0 or b.minutes > 0)
        order by s.name`,
  );
  return rows.map((r) => ({
    practitionerId: r.id,
    name: r.name,
    bookedMinutes: asNumber(r.booked),
    workingMinutes: asNumber(r.working),
  }));
}

export async function websiteFigures(scope: Scope, range: Range) {
  const unit = range.unit;
  const perBucket = await rowsOf<{ bucket: string; views: number; visits: number; seconds: number }>(
    scope,
    sql`with views as (
          select date_trunc(${unit}, day::timestamp) as b, sum(views)::bigint as views
          from stats_page_views where day >= ${range.firstDay}::date and day < ${range.endDay}::date group by 1
        ), visits as (
          select date_trunc(${unit}, day::timestamp) as b, sum(visits)::bigint as visits, sum(seconds)::bigint as seconds
          from stats_visits where day >= ${range.firstDay}::date and day < ${range.endDay}::date group by 1
        )
        select to_char(coalesce(views.b, visits.b), 'YYYY-MM-DD') as bucket,
               coalesce(views.views, 0) as views, coalesce(visits.visits, 0) as visits,
               coalesce(visits.seconds, 0) as seconds
        from views full join visits on visits.b = views.b`,
  );
  const families = await rowsOf<{ kind: string; family: string; visits: number }>(
    scope,
    sql`select 'browser' as kind, browser as family, sum(visits)::bigint as visits
          from stats_visits where day >= ${range.firstDay}::date and day < ${range.endDay}::date group by browser
        union all
        select 'os' as kind, os as family, sum(visits)::bigint as visits
          from stats_visits where day >= ${range.firstDay}::date and day < ${range.endDay}::date group by os`,
  );
  const ofKind = (kind: string) =>
    families
      .filter((f) => f.kind === kind)
      .map((f) => ({ family: f.family, visits: asNumber(f.visits) }))
      .sort((a, b) => b.visits - a.visits || a.family.localeCompare(b.family));
  return {
    perBucket: perBucket.map((r) => {
      const visits = asNumber(r.visits);
      return {
        bucket: day(r.bucket),
        views: asNumber(r.views),
        visits,
        averageSeconds: visits === 0 ? 0 : Math.round(asNumber(r.seconds) / visits),
      };
    }),
    browsers: ofKind('browser'),
    systems: ofKind('os'),
  };
}
