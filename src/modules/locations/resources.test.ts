import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { type Interval, resourceStartWindows } from '../agenda/slots';

/**
 * Rooms and devices (issue 17): free times and every booking path per location, the units a booking
 * takes, the race for the last device, and the refusals that name the field.
 */
let clinic: TestClinic;
let p1: StaffMember;
let p2: StaffMember;
let p3: StaffMember; // works at Zuid only
let rosa: StaffMember;
let noord: string;
let zuid: string;
let ipl: string; // the kind
let iplUnit: string; // Noord's one IPL device
let iplTreatment: string; // needs an IPL device; offered everywhere
let peeling: string; // needs nothing; offered at Noord only
let statementVersion: number;
let ips = 0;

const nineToFive = (days: number[]) =>
  days.map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
const sql = (statement: string) => clinic.database.asOwner(statement);
const one = async (statement: string) => (await sql(statement))[0] as Record<string, unknown>;
const count = async (statement: string) => Number((await one(statement)).n);

const book = (body: Record<string, unknown>) =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/bookings',
    remoteAddress: `10.9.${Math.floor(++ips / 250)}.${(ips % 250) + 1}`,
    payload: {
      treatmentTypeId: iplTreatment,
      practitionerId: null,
      firstName: 'Ilse',
      lastName: 'Apparaat',
      email: `ilse.${ips}@example.nl`,
      phone: '06 11122233',
      language: 'nl',
      statementVersion,
      consent: true,
      ...body,
    },
  });
const slots = async (query: Record<string, string>) =>
  clinic.app.inject({
    method: 'GET',
    url: `/api/public/booking/slots?${new URLSearchParams(query).toString()}`,
  });

beforeAll(async () => {
  // Wednesday 25 November 2026, 10:00 in Amsterdam.
  clinic = await aClinic('2026-11-25T09:00:00Z');
  p1 = await clinic.hire('practitioner', 'Pien Apparaat');
  p2 = await clinic.hire('practitioner', 'Puck Apparaat');
  p3 = await clinic.hire('practitioner', 'Pam Zuid');
  rosa = await clinic.hire('reception', 'Rosa Balie');
  const owner = clinic.owner;
  // With one location, the hours go to it (the trigger fills it in).
  expect(
    (await owner.call('PUT', '/api/schedule/opening-hours', { hours: nineToFive([1, 2, 3, 4, 5]) }))
      .statusCode,
  ).toBe(204);
  for (const member of [p1, p2, p3]) {
    expect(
      (
        await owner.call('PUT', `/api/staff/${member.id}/working-hours`, {
          hours: nineToFive([1, 2, 3, 4, 5]),
        })
      ).statusCode,
    ).toBe(204);
  }
  noord = String((await one('select id from location')).id);
  await sql(`update location set name = 'Noord', street = 'Noordweg', house_number = '1', postcode = '1011 AA',
    city = 'Amsterdam' where id = '${noord}'`);
  zuid = String(
    (
      await one(`insert into location (id, name, street, house_number, postcode, city, created_at)
        values (gen_random_uuid(), 'Zuid', 'Zuidlaan', '8', '1077 AB', 'Amsterdam', now()) returning id`)
    ).id,
  );
  await sql(`insert into opening_hours (id, location_id, weekday, start_minutes, end_minutes)
    select gen_random_uuid(), '${zuid}', weekday, start_minutes, end_minutes from opening_hours where location_id = '${noord}'`);
  // Pam moves to Zuid, hours and all.
  await sql(`delete from staff_location where staff_id = '${p3.id}'`);
  await sql(`insert into staff_location (staff_id, location_id) values ('${p3.id}', '${zuid}')`);
  await sql(`update working_hours set location_id = '${zuid}' where staff_id = '${p3.id}'`);
  const made = async (path: string, body: unknown) => {
    const response = await owner.call('POST', path, body);
    expect(response.statusCode, response.body).toBe(201);
    return String(response.json().id);
  };
  ipl = await made('/api/resource-types', { name: 'IPL-apparaat', category: 'device' });
  iplUnit = await made('/api/resources', { locationId: noord, resourceTypeId: ipl, name: 'IPL 1' });
  const practitionerIds = [p1.id, p2.id, p3.id];
  iplTreatment = await made('/api/treatment-types', {
    name: 'IPL-behandeling',
    durationMinutes: 30,
    priceCents: 9000,
    vatRatePercent: 21,
    practitionerIds,
    resourceTypeIds: [ipl],
  });
  peeling = await made('/api/treatment-types', {
    name: 'Peeling',
    durationMinutes: 30,
    priceCents: 6000,
    vatRatePercent: 21,
    practitionerIds,
    locationIds: [noord],
  });
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
});
afterAll(() => clinic.close());

describe('rooms and devices: the pure start windows', () => {
  it('allow a start exactly when some one unit of every kind is free the whole time', () => {
    const hold = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 8 }))
      .map(([s, l]): Interval => ({ start: s * 15, end: (s + l) * 15 }));
    const kinds = fc.array(fc.array(fc.array(hold, { maxLength: 5 }), { maxLength: 3 }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(kinds, fc.integer({ min: 1, max: 6 }), (units, steps) => {
        const length = steps * 15;
        const windows = resourceStartWindows(units, length);
        for (let start = -30; start <= 700; start += 5) {
          const allowed = windows.some((w) => w.start <= start && start < w.end);
          const brute = units.every((kind) =>
            kind.some((holds) => holds.every((h) => h.end <= start || h.start >= start + length)),
          );
          if (allowed !== brute) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('booking at locations with rooms and devices', () => {
  it('asks a chain which location (400 naming locationId) and lists the live ones publicly: name and address only', async () => {
    const missing = await slots({ treatmentTypeId: peeling, from: '2026-11-26' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors?.[0]?.field ?? missing.body).toContain('locationId');
    const places = await clinic.app.inject({ method: 'GET', url: '/api/public/locations' });
    expect(places.statusCode).toBe(200);
    expect(places.json()).toEqual(
      expect.arrayContaining([
        { id: noord, name: 'Noord', address: 'Noordweg 1, 1011 AA Amsterdam' },
        { id: zuid, name: 'Zuid', address: 'Zuidlaan 8, 1077 AB Amsterdam' },
      ]),
    );
    // The booking page's treatments per location: what is offered there with what it needs.
    const at = async (locationId: string) =>
      (
        await clinic.app.inject({
          method: 'GET',
          url: `/api/public/booking/treatments?locationId=${locationId}`,
        })
      )
        .json()
        .map((t: { name: string; practitioners: { id: string }[] }) => [
          t.name,
          t.practitioners.map((p) => p.id).sort(),
        ]);
    expect(await at(noord)).toEqual([
      ['IPL-behandeling', [p1.id, p2.id].sort()],
      ['Peeling', [p1.id, p2.id].sort()],
    ]);
    expect(await at(zuid)).toEqual([]);
  });

  it('offers free times only where the treatment can be done: offered there, someone working there, its device there', async () => {
    const day = { from: '2026-11-26', to: '2026-11-26' };
    const noordIpl = (await slots({ treatmentTypeId: iplTreatment, locationId: noord, ...day })).json();
    expect(noordIpl.length).toBeGreaterThan(0);
    expect(new Set(noordIpl.map((s: { practitionerId: string }) => s.practitionerId))).toEqual(
      new Set([p1.id, p2.id]),
    );
    // Zuid has no IPL device; Peeling is not offered at Zuid; Pam does not work at Noord, even with
    // hours there left over from before she moved.
    await sql(`insert into working_hours (id, staff_id, location_id, weekday, start_minutes, end_minutes)
      values (gen_random_uuid(), '${p3.id}', '${noord}', 4, 540, 1020)`);
    expect((await slots({ treatmentTypeId: iplTreatment, locationId: zuid, ...day })).json()).toEqual([]);
    expect((await slots({ treatmentTypeId: peeling, locationId: zuid, ...day })).json()).toEqual([]);
    expect(
      (await slots({ treatmentTypeId: peeling, locationId: noord, practitionerId: p3.id, ...day })).json(),
    ).toEqual([]);
  });

  it('refuses a treatment not offered there, a practitioner not working there and a missing device, naming the field and writing nothing', async () => {
    const before = await count('select count(*)::int as n from appointment');
    const clientsBefore = await count('select count(*)::int as n from client');
    const startsAt = '2026-11-26T13:00:00.000Z';
    const cases: [Record<string, unknown>, string][] = [
      [{ treatmentTypeId: peeling, locationId: zuid, practitionerId: p3.id }, 'treatmentTypeId'],
      [{ treatmentTypeId: peeling, locationId: noord, practitionerId: p3.id }, 'practitionerId'],
      [{ treatmentTypeId: iplTreatment, locationId: zuid, practitionerId: p3.id }, 'treatmentTypeId'],
      [{ treatmentTypeId: iplTreatment, locationId: zuid, practitionerId: null }, 'treatmentTypeId'],
      [{ treatmentTypeId: peeling, practitionerId: p1.id }, 'locationId'],
      [{ treatmentTypeId: peeling, locationId: crypto.randomUUID(), practitionerId: p1.id }, 'locationId'],
    ];
    for (const [body, field] of cases) {
      const response = await book({ ...body, startsAt });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.json().errors), JSON.stringify(body)).toContain(`"${field}"`);
    }
    // The desk: the same rules.
    const client = (
      await clinic.owner.call('POST', '/api/clients', {
        firstName: 'Dora',
        lastName: 'Balie',
        email: 'dora.balie@example.nl',
      })
    ).json().id as string;
    const desk = await clinic.owner.call('POST', `/api/clients/${client}/appointments`, {
      treatmentTypeId: iplTreatment,
      practitionerId: p3.id,
      locationId: zuid,
      startsAt,
    });
    expect(desk.statusCode).toBe(400);
    expect(JSON.stringify(desk.json().errors)).toContain('"treatmentTypeId"');
    expect(await count('select count(*)::int as n from appointment')).toBe(before);
    expect(await count('select count(*)::int as n from client')).toBe(clientsBefore + 1); // Dora, by the desk
  });

  it('lets exactly one of two practitioners take the one IPL device at one time; the other hears it was just taken', async () => {
    const startsAt = '2026-11-26T10:00:00.000Z'; // Thursday 11:00
    const results = await Promise.all(
      [p1, p2].map((p) => book({ locationId: noord, practitionerId: p.id, startsAt })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json().detail).toBe('this time was just taken');
    // Its next free times are after the winner's hold.
    const next = loser?.json().nextFreeTimes as { startsAt: string }[];
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((s) => s.startsAt >= '2026-11-26T10:30:00.000Z')).toBe(true);
    expect(
      await count(
        `select count(*)::int as n from appointment_resource where resource_id = '${iplUnit}' and starts_at = '${startsAt}'`,
      ),
    ).toBe(1);
    expect(
      await count(
        `select count(*)::int as n from appointment where starts_at = '${startsAt}' and status = 'booked'`,
      ),
    ).toBe(1);
    // The other practitioner is free then, but not the device: no IPL time is offered at 11:00.
    const offered = (
      await slots({ treatmentTypeId: iplTreatment, locationId: noord, from: '2026-11-26', to: '2026-11-26' })
    ).json() as { startsAt: string }[];
    expect(offered.some((s) => s.startsAt === startsAt)).toBe(false);
    // Peeling (no device) is still offered then.
    const peel = (
      await slots({ treatmentTypeId: peeling, locationId: noord, from: '2026-11-26', to: '2026-11-26' })
    ).json() as { startsAt: string }[];
    expect(peel.some((s) => s.startsAt === startsAt)).toBe(true);
    // The confirmation and its invitation name the location's address.
    const winner = results.find((r) => r.statusCode === 201)?.json().appointmentId as string;
    const mail = await one(
      `select o.body, o.calendar from outbox_email o join appointment a on a.client_id = o.client_id where a.id = '${winner}'`,
    );
    expect(String(mail.body)).toContain('Adres: Noord, Noordweg 1, 1011 AA Amsterdam');
    expect(String(mail.calendar).replaceAll('\r\n ', '')).toContain(
      'LOCATION:Noord\\, Noordweg 1\\, 1011 AA Amsterdam',
    );
  });

  it('keeps a move within the rules: a practitioner not working there is refused naming the field, a taken device is a 409', async () => {
    const [held] = await sql(
      `select id, practitioner_id from appointment where starts_at = '2026-11-26T10:00:00.000Z' and status = 'booked'`,
    );
    const move = (body: Record<string, unknown>) =>
      clinic.owner.call('PATCH', `/api/appointments/${held?.id}`, {
        startsAt: '2026-11-26T12:00:00.000Z',
        endsAt: '2026-11-26T12:30:00.000Z',
        notifyClient: false,
        ...body,
      });
    const refused = await move({ practitionerId: p3.id });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().errors)).toContain('"practitionerId"');
    const lacking = await move({ locationId: zuid, practitionerId: p3.id });
    expect(lacking.statusCode).toBe(400);
    expect(JSON.stringify(lacking.json().errors)).toContain('"treatmentTypeId"');
    // Another IPL booking at 12:00 by the other practitioner takes the device first.
    const other = held?.practitioner_id === p1.id ? p2 : p1;
    expect(
      (await book({ locationId: noord, practitionerId: other.id, startsAt: '2026-11-26T12:00:00.000Z' }))
        .statusCode,
    ).toBe(201);
    const taken = await move({});
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toBe('no room or device this treatment needs is free at that time');
    const [still] = await sql(`select starts_at from appointment where id = '${held?.id}'`);
    expect(new Date(String(still?.starts_at)).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('lets the owner keep units (reception reads them, a duplicate name is refused), shows a unit’s day, and an archived unit takes no bookings', async () => {
    const reception = await rosa.call('GET', '/api/resources');
    expect(reception.statusCode).toBe(200);
    expect(reception.json()).toEqual([
      { id: iplUnit, locationId: noord, resourceTypeId: ipl, name: 'IPL 1', archived: false },
    ]);
    expect(
      (await rosa.call('POST', '/api/resources', { locationId: noord, resourceTypeId: ipl, name: 'IPL 2' }))
        .statusCode,
    ).toBe(403);
    const twin = await clinic.owner.call('POST', '/api/resources', {
      locationId: noord,
      resourceTypeId: ipl,
      name: 'ipl 1',
    });
    expect(twin.statusCode).toBe(400);
    expect(JSON.stringify(twin.json().errors)).toContain('"name"');
    const day = await rosa.call(
      'GET',
      `/api/resources/${iplUnit}/holds?from=2026-11-25T23:00:00.000Z&to=2026-11-26T23:00:00.000Z`,
    );
    expect(day.statusCode).toBe(200);
    expect(day.json().map((h: { startsAt: string }) => h.startsAt)).toEqual([
      '2026-11-26T10:00:00.000Z',
      '2026-11-26T12:00:00.000Z',
    ]);
    expect(
      (await clinic.owner.call('PATCH', `/api/resources/${iplUnit}`, { archived: true })).statusCode,
    ).toBe(200);
    const none = { treatmentTypeId: iplTreatment, locationId: noord, from: '2026-11-27', to: '2026-11-27' };
    expect((await slots(none)).json()).toEqual([]);
    const refused = await book({
      locationId: noord,
      practitionerId: p1.id,
      startsAt: '2026-11-27T10:00:00.000Z',
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().errors)).toContain('"treatmentTypeId"');
    expect(
      (await clinic.owner.call('PATCH', `/api/resources/${iplUnit}`, { archived: false })).statusCode,
    ).toBe(200);
    expect((await slots(none)).json().length).toBeGreaterThan(0);
  });

  it('filters the agenda by location: its appointments, with where each is', async () => {
    const range = 'from=2026-11-25T23:00:00.000Z&to=2026-11-26T23:00:00.000Z';
    const atNoord = await clinic.owner.call('GET', `/api/agenda?${range}&locationId=${noord}`);
    expect(atNoord.statusCode).toBe(200);
    const entries = atNoord.json() as { locationId: string | null; status: string }[];
    expect(entries.filter((e) => e.status === 'booked').length).toBe(2);
    expect(entries.every((e) => e.locationId === noord)).toBe(true);
    expect((await clinic.owner.call('GET', `/api/agenda?${range}&locationId=${zuid}`)).json()).toEqual([]);
  });

  it('never puts a unit over capacity or a practitioner in two places, and every offered free time can be booked (property)', async () => {
    // Each run: a new location with 1–3 IPL units and one or both practitioners, on a day of its own.
    // Weekdays within the booking horizon, public holidays left out (shrinking runs more than eight).
    const days = Array.from({ length: 53 }, (_, i) =>
      new Date(Date.parse('2026-12-01T12:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
    ).filter(
      (d) =>
        ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) && !['2026-12-25', '2027-01-01'].includes(d),
    );
    let run = 0;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('offered' as const), pick: fc.nat(), anyone: fc.boolean() }),
      fc.record({
        kind: fc.constant('guess' as const),
        quarter: fc.integer({ min: 0, max: 14 }),
        who: fc.constantFrom(0, 1, 2),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom([0], [1], [0, 1]),
        fc.array(step, { minLength: 1, maxLength: 9 }),
        async (units, workers, steps) => {
          const date = days[run % days.length] as string;
          run++;
          const place = String(
            (
              await one(`insert into location (id, name, created_at)
                values (gen_random_uuid(), 'Proef ${run}', now()) returning id`)
            ).id,
          );
          // Mornings 9:00–12:30 local (UTC+1), every weekday.
          await sql(`insert into opening_hours (id, location_id, weekday, start_minutes, end_minutes)
            select gen_random_uuid(), '${place}', d, 540, 750 from generate_series(1, 5) d`);
          const people = workers.map((w) => [p1, p2][w] as StaffMember);
          for (const p of people) {
            await sql(`insert into staff_location (staff_id, location_id) values ('${p.id}', '${place}')`);
            await sql(`insert into working_hours (id, staff_id, location_id, weekday, start_minutes, end_minutes)
              select gen_random_uuid(), '${p.id}', '${place}', d, 540, 750 from generate_series(1, 5) d`);
          }
          for (let u = 1; u <= units; u++) {
            const made = await clinic.owner.call('POST', '/api/resources', {
              locationId: place,
              resourceTypeId: ipl,
              name: `IPL ${u}`,
            });
            expect(made.statusCode).toBe(201);
          }
          for (const s of steps) {
            if (s.kind === 'offered') {
              const free = (
                await slots({ treatmentTypeId: iplTreatment, locationId: place, from: date, to: date })
              ).json() as { startsAt: string; practitionerId: string }[];
              const chosen = free[s.pick % Math.max(1, free.length)];
              if (!chosen) continue;
              const response = await book({
                locationId: place,
                startsAt: chosen.startsAt,
                practitionerId: s.anyone ? null : chosen.practitionerId,
              });
              expect(response.statusCode, `${chosen.startsAt}: ${response.body}`).toBe(201);
            } else {
              const startsAt = new Date(Date.parse(`${date}T08:00:00.000Z`) + s.quarter * 15 * 60_000);
              const response = await book({
                locationId: place,
                startsAt: startsAt.toISOString(),
                practitionerId: s.who === 2 ? null : ([p1, p2][s.who] as StaffMember).id,
              });
              expect([201, 400, 409]).toContain(response.statusCode);
            }
          }
          // Every time still offered has a unit free for the whole treatment (and its buffer).
          const offered = (
            await slots({ treatmentTypeId: iplTreatment, locationId: place, from: date, to: date })
          ).json() as { startsAt: string }[];
          const length =
            Number(
              (
                await one(
                  `select duration_minutes + buffer_after_minutes as n from treatment_type where id = '${iplTreatment}'`,
                )
              ).n,
            ) * 60_000;
          const unitIds = (await sql(`select id from resource where location_id = '${place}'`)).map((r) =>
            String(r.id),
          );
          const holds = (
            await sql(`select ar.resource_id, ar.starts_at, ar.blocked_until from appointment_resource ar
              join resource r on r.id = ar.resource_id where r.location_id = '${place}'`)
          ).map((h) => ({
            unit: String(h.resource_id),
            start: new Date(String(h.starts_at)).getTime(),
            end: new Date(String(h.blocked_until)).getTime(),
          }));
          for (const slot of offered) {
            const start = Date.parse(slot.startsAt);
            const freeUnit = unitIds.some((u) =>
              holds.every((h) => h.unit !== u || h.end <= start || h.start >= start + length),
            );
            expect(freeUnit, `${slot.startsAt} offered with every unit held`).toBe(true);
          }
          // Every live appointment here holds one IPL unit here, and no more overlap one instant than there are units.
          expect(
            await count(`select count(*)::int as n from appointment a where a.location_id = '${place}'
              and a.status = 'booked' and (select count(*) from appointment_resource ar join resource r on r.id = ar.resource_id
                where ar.appointment_id = a.id and r.location_id = '${place}') <> 1`),
          ).toBe(0);
          expect(
            await count(`select count(*)::int as n from appointment a where a.location_id = '${place}'
              and a.status = 'booked' and (select count(*) from appointment b where b.location_id = '${place}'
                and b.status = 'booked' and b.starts_at <= a.starts_at and b.blocked_until > a.starts_at) > ${units}`),
          ).toBe(0);
          expect(
            await count(`select count(*)::int as n from appointment a join appointment b
              on a.practitioner_id = b.practitioner_id and a.id < b.id
              and a.status = 'booked' and b.status = 'booked'
              and a.starts_at < b.blocked_until and b.starts_at < a.blocked_until`),
          ).toBe(0);
          return true;
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);
});
