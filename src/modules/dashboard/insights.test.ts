import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';
import { bucketsEndingAt } from './insights.service';

// Wednesday 25 November 2026: the current week starts on Monday 23 November.
let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let rosa: StaffMember;
let anna: string;

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));

/** Rows written as the database owner, so the figures are exactly known. */
async function anAppointment(
  practitioner: StaffMember,
  startsAt: string,
  minutes: number,
  status: string,
  source: 'staff' | 'online',
  createdAt: string,
  treatmentTypeId: string,
) {
  const ends = new Date(new Date(startsAt).getTime() + minutes * 60_000).toISOString();
  await clinic.database.asOwner(
    `insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at, blocked_until, status, source, created_at, confirmed_via)
     values ('${randomUUID()}', '${anna}', '${practitioner.id}', '${treatmentTypeId}', '${startsAt}', '${ends}', '${ends}', '${status}', '${source}', '${createdAt}', 'staff_booking')`,
  );
}

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Cijfers');
  bram = await clinic.hire('practitioner', 'Bram Cijfers');
  rosa = await clinic.hire('reception', 'Rosa Cijfers');
  anna = await clinic.aClient(rosa, { firstName: 'Anna', lastName: 'Cijfers' });
  const facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  for (const member of [anouk, bram]) {
    await clinic.owner.call('PUT', `/api/staff/${member.id}/working-hours`, { hours: weekdays });
  }
  await anAppointment(
    anouk,
    '2026-11-24T10:00:00Z',
    60,
    'completed',
    'staff',
    '2026-11-20T10:00:00Z',
    facial,
  );
  await anAppointment(anouk, '2026-11-24T12:00:00Z', 30, 'no_show', 'online', '2026-11-23T10:00:00Z', facial);
  await anAppointment(
    bram,
    '2026-11-24T10:00:00Z',
    60,
    'cancelled',
    'online',
    '2026-11-23T11:00:00Z',
    facial,
  );
  await anAppointment(bram, '2026-11-02T10:00:00Z', 90, 'completed', 'staff', '2026-10-20T10:00:00Z', facial);
  await anAppointment(anouk, '2025-06-02T10:00:00Z', 60, 'no_show', 'staff', '2025-05-01T10:00:00Z', facial);

  const invoice = async (unitPriceCents: number) => {
    const response = await rosa.call('POST', `/api/clients/${anna}/invoices`, {
      lines: [{ description: 'Gezichtsbehandeling', quantity: 1, unitPriceCents, vatRatePercent: 21 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  await invoice(12_100);
  const credited = await invoice(5_000);
  const credit = await rosa.call('POST', `/api/invoices/${credited}/credit-note`, { reason: 'Dubbel' });
  expect(credit.statusCode, credit.body).toBe(201);

  await clinic.database.asOwner(`
    insert into stats_page_views (day, path, views) values
      ('2026-11-24', '/', 10), ('2026-11-24', '/book', 5), ('2026-11-10', '/', 7), ('2025-01-01', '/', 99);
    insert into stats_visits (day, browser, os, visits, seconds) values
      ('2026-11-24', 'Chrome', 'Windows', 4, 400), ('2026-11-24', 'Safari', 'iOS', 2, 100),
      ('2026-11-10', 'Firefox', 'Linux', 1, 60), ('2025-01-01', 'Edge', 'Windows', 50, 50)`);
});
afterAll(() => clinic.close());

const at = (rows: Record<string, unknown>[], bucket: string) => rows.find((r) => r.bucket === bucket);

describe("the owner's charts", () => {
  it('has twelve weeks or months ending with the current one', () => {
    expect(bucketsEndingAt('2026-11-25', 'weeks')).toEqual({
      starts: expect.arrayContaining(['2026-09-07', '2026-11-23']),
      end: '2026-11-30',
    });
    expect(bucketsEndingAt('2026-11-25', 'weeks').starts).toHaveLength(12);
    expect(bucketsEndingAt('2026-01-31', 'months').starts[0]).toBe('2025-02-01');
    expect(bucketsEndingAt('2026-01-31', 'months').end).toBe('2026-02-01');
  });

  it('counts per week: bookings by channel, revenue minus credit notes, no-shows, utilisation, website', async () => {
    const response = await clinic.owner.call('GET', '/api/insights?period=weeks');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.buckets).toHaveLength(12);
    expect(report.bookings).toHaveLength(12);
    expect(at(report.bookings, '2026-11-16')).toEqual({ bucket: '2026-11-16', desk: 1, online: 0 });
    expect(at(report.bookings, '2026-11-23')).toEqual({ bucket: '2026-11-23', desk: 0, online: 2 });
    expect(at(report.bookings, '2026-10-19')).toEqual({ bucket: '2026-10-19', desk: 1, online: 0 });
    expect(at(report.bookings, '2026-11-09')).toEqual({ bucket: '2026-11-09', desk: 0, online: 0 });
    // 121.00 + 50.00 − 50.00 (the credit note), VAT 21.00 + 8.68 − 8.68.
    expect(at(report.revenue, '2026-11-23')).toEqual({
      bucket: '2026-11-23',
      totalCents: 12_100,
      vatCents: 2_100,
    });
    expect(at(report.attendance, '2026-11-23')).toEqual({
      bucket: '2026-11-23',
      noShows: 1,
      cancellations: 1,
      appointments: 3,
    });
    expect(at(report.attendance, '2026-10-26')).toEqual({
      bucket: '2026-10-26',
      noShows: 0,
      cancellations: 0,
      appointments: 0,
    });
    expect(at(report.attendance, '2026-11-02')?.appointments).toBe(1);
    // Twelve weeks of five eight-hour days: 28,800 working minutes each.
    expect(report.utilisation).toEqual([
      { practitionerId: anouk.id, name: 'Anouk Cijfers', bookedMinutes: 90, workingMinutes: 28_800 },
      { practitionerId: bram.id, name: 'Bram Cijfers', bookedMinutes: 90, workingMinutes: 28_800 },
    ]);
    expect(at(report.website.perBucket, '2026-11-23')).toEqual({
      bucket: '2026-11-23',
      views: 15,
      visits: 6,
      averageSeconds: 83,
    });
    expect(at(report.website.perBucket, '2026-11-09')).toEqual({
      bucket: '2026-11-09',
      views: 7,
      visits: 1,
      averageSeconds: 60,
    });
    expect(report.website.browsers).toEqual([
      { family: 'Chrome', visits: 4 },
      { family: 'Safari', visits: 2 },
      { family: 'Firefox', visits: 1 },
    ]);
    expect(report.website.systems).toEqual([
      { family: 'Windows', visits: 4 },
      { family: 'iOS', visits: 2 },
      { family: 'Linux', visits: 1 },
    ]);
    // Counts and sums only: nothing about a client leaves.
    expect(response.body).not.toContain('Anna');
    expect(response.body).not.toContain(anna);
  });

  it('counts per month over the last twelve months', async () => {
    const report = (await clinic.owner.call('GET', '/api/insights?period=months')).json();
    expect(report.buckets[0]).toBe('2025-12-01');
    expect(at(report.bookings, '2026-11-01')).toEqual({ bucket: '2026-11-01', desk: 1, online: 2 });
    expect(at(report.bookings, '2026-10-01')).toEqual({ bucket: '2026-10-01', desk: 1, online: 0 });
    expect(at(report.attendance, '2026-11-01')).toMatchObject({
      noShows: 1,
      cancellations: 1,
      appointments: 4,
    });
    expect(at(report.revenue, '2026-11-01')).toMatchObject({ totalCents: 12_100, vatCents: 2_100 });
    expect(at(report.website.perBucket, '2026-11-01')).toMatchObject({ views: 22, visits: 7 });
    expect(report.website.browsers.map((b: { family: string }) => b.family)).not.toContain('Edge');
  });

  it('[P8.1] is the owner’s: practitioner and reception are refused and the refusal is logged; the read is logged', async () => {
    for (const member of [anouk, rosa]) {
      const response = await member.call('GET', '/api/insights?period=weeks');
      expect(response.statusCode).toBe(403);
    }
    const refused = await clinic.database.asOwner(
      `select actor_id from audit_event where object_type = 'insights' and outcome = 'refused'`,
    );
    expect(refused.map((r) => r.actor_id).sort()).toEqual([anouk.id, rosa.id].sort());
    const read = await clinic.database.asOwner(
      `select count(*)::int as n from audit_event where object_type = 'insights' and actor_id = '${clinic.owner.id}' and outcome = 'allowed'`,
    );
    expect(Number(read[0]?.n)).toBeGreaterThan(0);
    expect((await clinic.owner.call('GET', '/api/insights?period=years')).statusCode).toBe(400);
  });
});
