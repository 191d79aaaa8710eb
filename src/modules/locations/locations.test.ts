import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let rosa: StaffMember; // reception
let anna: string;
let home: string; // the location setup made from the clinic's address
let ams: string; // a second location, with an invoice prefix

type Location = { id: string; name: string; invoicePrefix: string | null; phone: string | null };
type Block = { weekday: number; startMinutes: number; endMinutes: number; locationId: string };

const count = async (statement: string) =>
  Number((await clinic.database.asOwner(statement))[0]?.n ?? Number.NaN);
const week = (start: number, end: number) =>
  [1, 2, 3].map((weekday) => ({ weekday, startMinutes: start * 60, endMinutes: end * 60 }));
const lines = [{ description: 'Peeling', quantity: 1, unitPriceCents: 10_000, vatRatePercent: 21 }];

beforeAll(async () => {
  clinic = await aClinic('2026-03-02T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Vestiging');
  rosa = await clinic.hire('reception', 'Rosa Vestiging');
  anna = await clinic.aClient(anouk, { firstName: 'Anna', lastName: 'Vestiging' });
});
afterAll(() => clinic.close());

describe('locations', () => {
  it('starts with the one location setup made, which every staff member reads', async () => {
    const list = await rosa.call('GET', '/api/locations');
    expect(list.statusCode, list.body).toBe(200);
    const locations = list.json() as Location[];
    expect(locations).toHaveLength(1);
    home = (locations[0] as Location).id;
    expect((await anouk.call('GET', '/api/locations')).statusCode).toBe(200);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await count('select count(*)::int as n from location');
    const cases: [unknown, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: 'Utrecht', invoicePrefix: 'A-B' }, 'invoicePrefix'],
      [{ name: 'Utrecht', position: -1 }, 'position'],
      [{ name: 'Utrecht', phone: 'x'.repeat(41) }, 'phone'],
    ];
    for (const [body, field] of cases) {
      const response = await clinic.owner.call('POST', '/api/locations', body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const [first] = (await rosa.call('GET', '/api/locations')).json() as Location[];
    const duplicate = await clinic.owner.call('POST', '/api/locations', { name: first?.name.toUpperCase() });
    expect(duplicate.statusCode, duplicate.body).toBe(400);
    expect(duplicate.json().errors[0].field).toBe('name');
    expect(await count('select count(*)::int as n from location')).toBe(before);
  });

  it('lets only the owner add, change and archive locations and say who works where', async () => {
    const before = await count('select count(*)::int as n from location');
    for (const member of [rosa, anouk]) {
      expect((await member.call('POST', '/api/locations', { name: 'Stiekem' })).statusCode).toBe(403);
      expect((await member.call('PATCH', `/api/locations/${home}`, { name: 'Stiekem' })).statusCode).toBe(
        403,
      );
      expect((await member.call('POST', `/api/locations/${home}/archive`)).statusCode).toBe(403);
      expect((await member.call('GET', `/api/staff/${anouk.id}/locations`)).statusCode).toBe(403);
      expect(
        (await member.call('PUT', `/api/staff/${anouk.id}/locations`, { locationIds: [home] })).statusCode,
      ).toBe(403);
    }
    expect(await count('select count(*)::int as n from location')).toBe(before);
    expect(await count(`select count(*)::int as n from location where name = 'Stiekem'`)).toBe(0);
  });

  it('adds and changes a location, audited', async () => {
    const created = await clinic.owner.call('POST', '/api/locations', {
      name: 'Amsterdam Zuid',
      street: 'Beethovenstraat',
      houseNumber: '10',
      postcode: '1077 JH',
      city: 'Amsterdam',
      invoicePrefix: 'ams',
      position: 2,
    });
    expect(created.statusCode, created.body).toBe(201);
    ams = created.json().id;
    const changed = await clinic.owner.call('PATCH', `/api/locations/${ams}`, { phone: '020 123 4567' });
    expect(changed.statusCode, changed.body).toBe(200);
    const clash = await clinic.owner.call('POST', '/api/locations', { name: 'Elders', invoicePrefix: 'AMS' });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().errors[0].field).toBe('invoicePrefix');
    const found = ((await rosa.call('GET', '/api/locations')).json() as Location[]).find((l) => l.id === ams);
    expect(found).toMatchObject({ name: 'Amsterdam Zuid', invoicePrefix: 'AMS', phone: '020 123 4567' });
    expect(
      await count(
        `select count(*)::int as n from audit_event where object_type = 'location' and object_id = '${ams}' and action in ('create', 'update')`,
      ),
    ).toBe(2);
  });

  it('sets who works where: at least one live location', async () => {
    const where = async () => (await clinic.owner.call('GET', `/api/staff/${anouk.id}/locations`)).json();
    expect(await where()).toEqual({ locationIds: [home] });
    const none = await clinic.owner.call('PUT', `/api/staff/${anouk.id}/locations`, { locationIds: [] });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('locationIds');
    const unknown = await clinic.owner.call('PUT', `/api/staff/${anouk.id}/locations`, {
      locationIds: [randomUUID()],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('locationIds');
    expect(await where()).toEqual({ locationIds: [home] });
    expect(
      (await clinic.owner.call('PUT', `/api/staff/${randomUUID()}/locations`, { locationIds: [home] }))
        .statusCode,
    ).toBe(404);
  });

  it('puts a new staff member at the locations their invitation names', async () => {
    const invite = (locationIds: string[]) =>
      clinic.owner.call('POST', '/api/staff/invitations', {
        name: 'Iris Vestiging',
        email: 'iris.vestiging@huidkliniek-noord.nl',
        role: 'practitioner',
        locationIds,
      });
    // In a chain the invitation must say where they will work.
    const nowhere = await invite([]);
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('locationIds');
    const bad = await invite([randomUUID()]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('locationIds');
    expect(await count(`select count(*)::int as n from staff_invitation where name = 'Iris Vestiging'`)).toBe(
      0,
    );
    const invited = await invite([ams]);
    expect(invited.statusCode, invited.body).toBe(201);
    const token = new URL(invited.json().link).hash.replace('#token=', '');
    const accepted = await clinic.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'zomer-zon-en-zee-iris-vestiging' },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const [row] = await clinic.database.asOwner(
      `select id from staff where email = 'iris.vestiging@huidkliniek-noord.nl'`,
    );
    const iris = row?.id as string;
    expect((await clinic.owner.call('GET', `/api/staff/${iris}/locations`)).json()).toEqual({
      locationIds: [ams],
    });
  });

  it('keeps opening and working hours per location, replacing only that location’s', async () => {
    const without = await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours: week(9, 17) });
    expect(without.statusCode).toBe(400);
    expect(without.json().errors[0].field).toBe('locationId');
    const bogus = await clinic.owner.call('PUT', '/api/schedule/opening-hours', {
      hours: week(9, 17),
      locationId: randomUUID(),
    });
    expect(bogus.statusCode).toBe(400);
    expect(bogus.json().errors[0].field).toBe('locationId');

    const open = (hours: unknown, locationId: string) =>
      clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours, locationId });
    expect((await open(week(9, 17), home)).statusCode).toBe(204);
    expect((await open(week(10, 18), ams)).statusCode).toBe(204);
    expect((await open(week(8, 12), home)).statusCode).toBe(204);

    // Anouk works at the first location only: not at Amsterdam Zuid.
    const work = (hours: unknown, locationId?: string) =>
      clinic.owner.call('PUT', `/api/staff/${anouk.id}/working-hours`, { hours, locationId });
    const elsewhere = await work(week(10, 18), ams);
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].field).toBe('locationId');
    expect((await work(week(10, 18))).statusCode).toBe(400);
    expect(
      (await clinic.owner.call('PUT', `/api/staff/${anouk.id}/locations`, { locationIds: [home, ams] }))
        .statusCode,
    ).toBe(204);
    expect((await work(week(9, 13), home)).statusCode).toBe(204);
    expect((await work(week(14, 18), ams)).statusCode).toBe(204);
    expect((await work(week(13, 17), ams)).statusCode).toBe(204);

    const schedule = (await clinic.owner.call('GET', '/api/schedule')).json() as {
      openingHours: Block[];
      workingHours: { staffId: string; hours: Block[] }[];
    };
    const at = (blocks: Block[], locationId: string) =>
      blocks.filter((b) => b.locationId === locationId).map((b) => [b.startMinutes / 60, b.endMinutes / 60]);
    expect(at(schedule.openingHours, home)).toEqual([
      [8, 12],
      [8, 12],
      [8, 12],
    ]);
    expect(at(schedule.openingHours, ams)).toEqual([
      [10, 18],
      [10, 18],
      [10, 18],
    ]);
    const anouks = schedule.workingHours.find((w) => w.staffId === anouk.id)?.hours ?? [];
    expect(at(anouks, home)).toEqual([
      [9, 13],
      [9, 13],
      [9, 13],
    ]);
    expect(at(anouks, ams)).toEqual([
      [13, 17],
      [13, 17],
      [13, 17],
    ]);
    const agenda = (await rosa.call('GET', '/api/agenda/hours')).json() as { openingHours: Block[] };
    expect(agenda.openingHours.filter((b) => b.locationId === ams)).toHaveLength(3);

    // No longer working at Amsterdam Zuid: her hours there go with it, those at home stay.
    expect(
      (await clinic.owner.call('PUT', `/api/staff/${anouk.id}/locations`, { locationIds: [home] }))
        .statusCode,
    ).toBe(204);
    const after = (await clinic.owner.call('GET', '/api/schedule')).json() as typeof schedule;
    const hers = after.workingHours.find((w) => w.staffId === anouk.id)?.hours ?? [];
    expect(hers.map((b) => b.locationId)).toEqual([home, home, home]);
    expect(
      (await clinic.owner.call('PUT', `/api/staff/${anouk.id}/locations`, { locationIds: [home, ams] }))
        .statusCode,
    ).toBe(204);
  });

  it('closes one location with a schedule exception', async () => {
    const body = {
      staffId: null,
      kind: 'absence',
      startsAt: '2026-03-10T00:00:00Z',
      endsAt: '2026-03-11T00:00:00Z',
    };
    const bogus = await clinic.owner.call('POST', '/api/schedule/exceptions', {
      ...body,
      locationId: randomUUID(),
    });
    expect(bogus.statusCode).toBe(400);
    expect(bogus.json().errors[0].field).toBe('locationId');
    const closed = await clinic.owner.call('POST', '/api/schedule/exceptions', { ...body, locationId: ams });
    expect(closed.statusCode, closed.body).toBe(201);
    const listed = (await clinic.owner.call('GET', '/api/schedule/exceptions')).json();
    expect(listed).toEqual([expect.objectContaining({ id: closed.json().id, locationId: ams })]);
    expect(
      (await clinic.owner.call('DELETE', `/api/schedule/exceptions/${closed.json().id}`)).statusCode,
    ).toBe(204);
  });

  it('numbers invoices per series: the location’s prefix, else the clinic’s, each without gaps', async () => {
    const invoice = async (locationId?: string) => {
      const response = await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines, locationId });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; number: string; locationId: string | null };
    };
    expect((await invoice(ams)).number).toBe('AMS-2026-000001');
    const clinicWide = await invoice();
    expect(clinicWide).toMatchObject({ number: '2026-000001', locationId: null });
    expect(await invoice(home)).toMatchObject({ number: '2026-000002', locationId: home });
    const second = await invoice(ams);
    expect(second).toMatchObject({ number: 'AMS-2026-000002', locationId: ams });

    const bad = await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines, locationId: randomUUID() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('locationId');

    // Many at once in one series: still gapless and unique.
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        rosa.call('POST', `/api/clients/${anna}/invoices`, { lines, locationId: ams }),
      ),
    );
    expect(racing.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(racing.map((r) => r.json().number).sort()).toEqual(
      [3, 4, 5, 6, 7, 8].map((n) => `AMS-2026-${String(n).padStart(6, '0')}`),
    );
    // A credit note joins its invoice's series.
    const credit = await clinic.owner.call('POST', `/api/invoices/${second.id}/credit-note`, {
      reason: 'fout',
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(credit.json().number).toBe('AMS-2026-000009');
    expect((await invoice(home)).number).toBe('2026-000003');
    expect(await count('select count(distinct number)::int - count(*)::int as n from invoice')).toBe(0);
  });

  it('archives a location only when it is not the last and has no appointments to come', async () => {
    const facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
    const appointmentId = randomUUID();
    await clinic.database.asOwner(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, location_id, starts_at, ends_at, blocked_until, status, source, created_at)
      values ('${appointmentId}', '${anna}', '${anouk.id}', '${facial}', '${ams}', '2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z', '2026-03-05T11:00:00Z', 'booked', 'staff', now())`);
    const refused = await clinic.owner.call('POST', `/api/locations/${ams}/archive`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toMatch(/appointment/);
    await clinic.database.asOwner(
      `update appointment set status = 'cancelled' where id = '${appointmentId}'`,
    );

    expect((await clinic.owner.call('POST', `/api/locations/${ams}/archive`)).statusCode).toBe(204);
    expect(((await rosa.call('GET', '/api/locations')).json() as Location[]).map((l) => l.id)).toEqual([
      home,
    ]);
    const all = (await clinic.owner.call('GET', '/api/locations?archived=true')).json() as Location[];
    expect(all.map((l) => l.id)).toEqual([home, ams]);
    expect(
      await count(
        `select count(*)::int as n from audit_event where object_type = 'location' and object_id = '${ams}' and action = 'delete'`,
      ),
    ).toBe(1);

    const last = await clinic.owner.call('POST', `/api/locations/${home}/archive`);
    expect(last.statusCode).toBe(409);
    expect(last.json().detail).toMatch(/last/);
    expect(await count('select count(*)::int as n from location where archived_at is null')).toBe(1);
    // With one location again, hours need no location.
    expect(
      (await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours: week(9, 17) })).statusCode,
    ).toBe(204);
  });

  it('filters the owner’s charts by location', async () => {
    type Insights = {
      revenue: { totalCents: number }[];
      attendance: { cancellations: number; appointments: number }[];
    };
    const figures = async (query: string) => {
      const response = await clinic.owner.call('GET', `/api/insights?period=weeks${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as Insights;
      return {
        revenue: body.revenue.reduce((sum, b) => sum + b.totalCents, 0),
        appointments: body.attendance.reduce((sum, b) => sum + b.appointments, 0),
      };
    };
    // Amsterdam Zuid: eight invoices, one credited; home: two; one for the clinic as a whole.
    expect(await figures(`&locationId=${ams}`)).toEqual({ revenue: 70_000, appointments: 1 });
    expect(await figures(`&locationId=${home}`)).toEqual({ revenue: 20_000, appointments: 0 });
    expect(await figures('')).toEqual({ revenue: 100_000, appointments: 1 });
    const bad = await clinic.owner.call('GET', '/api/insights?locationId=amsterdam');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.locationId');
    expect((await rosa.call('GET', `/api/insights?locationId=${ams}`)).statusCode).toBe(403);
  });
});
