import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember; // does not perform the facial
let facial: string;
let statementVersion: number;

const weekdays = [1, 2, 3, 4, 5];
const nineToFive = (days: number[]) =>
  days.map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));

beforeAll(async () => {
  // Wednesday 25 November 2026, 10:00 in Amsterdam.
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Agenda');
  bram = await clinic.hire('practitioner', 'Bram Agenda');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `update treatment_type set duration_minutes = 60, buffer_after_minutes = 15 where id = '${facial}'`,
  );
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${facial}', '${anouk.id}')`,
  );
  const owner = clinic.owner;
  expect(
    (await owner.call('PUT', '/api/schedule/opening-hours', { hours: nineToFive([1, 2, 3, 4, 5, 6]) }))
      .statusCode,
  ).toBe(204);
  for (const member of [anouk, bram]) {
    expect(
      (await owner.call('PUT', `/api/staff/${member.id}/working-hours`, { hours: nineToFive(weekdays) }))
        .statusCode,
    ).toBe(204);
  }
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
});
afterAll(() => clinic.close());

const book = (body: Record<string, unknown>, ip = '192.0.2.1') =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/bookings',
    remoteAddress: ip,
    payload: {
      treatmentTypeId: facial,
      practitionerId: null,
      startsAt: '2026-11-26T09:00:00.000Z', // Thursday 10:00 local
      firstName: 'Vera',
      lastName: 'Boeking',
      email: 'vera.boeking@example.nl',
      phone: '06 11122233',
      language: 'nl',
      statementVersion,
      consent: true,
      ...body,
    },
  });
const clientsWith = async (email: string) =>
  clinic.database.asOwner(`select id from client where lower(email) = '${email.toLowerCase()}'`);

describe('online booking', () => {
  it('offers free times only within the hours, after the lead time, for practitioners who perform the treatment', async () => {
    const slots = (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/booking/slots?treatmentTypeId=${facial}&from=2026-11-25&to=2026-11-28`,
      })
    ).json();
    // The first is the first quarter hour at least two hours (the lead time) from now.
    const first = new Date(slots[0].startsAt).getTime() - clinic.clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(2 * 3600_000);
    expect(first).toBeLessThan(2 * 3600_000 + 15 * 60_000);
    expect(slots[0].practitionerId).toBe(anouk.id);
    expect(slots.every((s: { practitionerId: string }) => s.practitionerId === anouk.id)).toBe(true);
    // Friday's last start leaves room for 60 minutes and the 15-minute buffer before 17:00.
    expect(
      slots.filter((s: { startsAt: string }) => s.startsAt.startsWith('2026-11-27')).at(-1).startsAt,
    ).toBe('2026-11-27T14:45:00.000Z');
    expect(slots.some((s: { startsAt: string }) => s.startsAt.startsWith('2026-11-28'))).toBe(false); // Saturday: no working hours
  });

  it('answers a week at a time: the week from `from` without `to`, at most 14 days, a bad window refused naming the field', async () => {
    const get = (query: string) =>
      clinic.app.inject({
        method: 'GET',
        url: `/api/public/booking/slots?treatmentTypeId=${facial}&${query}`,
      });
    const week = await get('from=2026-11-30');
    expect(week.statusCode, week.body).toBe(200);
    const days = new Set(week.json().map((s: { startsAt: string }) => s.startsAt.slice(0, 10)));
    expect([...days].sort()).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect((await get('from=2026-11-30&to=2026-12-06')).json()).toEqual(week.json());
    expect((await get('from=2026-11-30&to=2026-12-13')).statusCode).toBe(200);
    for (const [query, field] of [
      ['from=2026-11-30&to=2026-12-14', 'to'],
      ['from=2026-11-30&to=2026-11-29', 'to'],
      ['from=2026-11-31', 'from'],
      ['to=2026-11-30', 'from'],
      ['from=2026-11-30&to=soon', 'to'],
    ] as const) {
      const refused = await get(query);
      expect(refused.statusCode, query).toBe(400);
      const fields = (refused.json().errors as { field: string }[]).map((e) =>
        e.field.replace('querystring.', ''),
      );
      expect(new Set(fields), query).toEqual(new Set([field]));
    }
  });

  it('[P5.2] creates the basic dossier, or links the existing one by e-mail, answering the same either way', async () => {
    const first = await book({});
    expect(first.statusCode, first.body).toBe(201);
    const again = await book({
      startsAt: '2026-11-26T11:00:00.000Z',
      email: 'VERA.boeking@example.nl',
      firstName: 'V.',
    });
    expect(again.statusCode).toBe(201);
    expect(Object.keys(first.json()).sort()).toEqual(Object.keys(again.json()).sort());
    const [client, ...more] = await clientsWith('vera.boeking@example.nl');
    expect(more).toEqual([]);
    const appointments = await clinic.database.asOwner(
      `select client_id, practitioner_id, source from appointment where client_id = '${client?.id}' order by starts_at`,
    );
    expect(appointments).toEqual([
      { client_id: client?.id, practitioner_id: anouk.id, source: 'online' },
      { client_id: client?.id, practitioner_id: anouk.id, source: 'online' },
    ]);
    // The practitioner may see the new client (an appointment is a care relationship); the details stay as first given.
    const seen = (await anouk.call('GET', `/api/clients/${client?.id}`)).json();
    expect(seen).toMatchObject({ firstName: 'Vera', lastName: 'Boeking', phone: '06 11122233' });
  });

  it('[P1.2] records the consent given with the booking, with the statement version shown', async () => {
    const [client] = await clientsWith('vera.boeking@example.nl');
    const consents = (await clinic.owner.call('GET', `/api/clients/${client?.id}/consents`)).json();
    expect(consents.history[0]).toMatchObject({
      scope: 'personal_data',
      decision: 'granted',
      channel: 'online_booking',
      statementVersion,
      evidence: { kind: 'checkbox' },
    });
    // Booking terms are not a consent for health data.
    expect(consents.current.map((c: { scope: string }) => c.scope)).not.toContain('health_data');
  });

  it('refuses a time outside the hours, in the past, beyond the horizon, off the grid or with the wrong practitioner, and a birth date to come, writing nothing', async () => {
    const before = (await clinic.database.asOwner('select count(*)::int as n from client'))[0]?.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: '2026-11-28T09:00:00.000Z', email: 'a@example.nl' }, 'startsAt'], // Saturday
      [{ startsAt: '2026-11-24T09:00:00.000Z', email: 'b@example.nl' }, 'startsAt'], // yesterday
      [{ startsAt: '2027-03-01T09:00:00.000Z', email: 'c@example.nl' }, 'startsAt'], // beyond 60 days
      [{ startsAt: '2026-11-26T13:07:00.000Z', email: 'd@example.nl' }, 'startsAt'], // not on the grid
      [{ practitionerId: bram.id, startsAt: '2026-11-26T13:00:00.000Z', email: 'e@example.nl' }, 'startsAt'],
      [{ email: 'geen-adres', startsAt: '2026-11-26T13:00:00.000Z' }, 'email'],
      [{ consent: false, startsAt: '2026-11-26T13:00:00.000Z', email: 'f@example.nl' }, 'consent'],
      [{ birthDate: '2027-05-01', startsAt: '2026-11-26T13:00:00.000Z', email: 'g@example.nl' }, 'birthDate'],
    ];
    for (const [body, field] of cases) {
      const refused = await book(body, `192.0.2.${10 + cases.findIndex((c) => c[0] === body)}`);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await clinic.database.asOwner('select count(*)::int as n from client'))[0]?.n).toBe(before);
  });

  it('lets exactly one of many simultaneous bookings of one time win; the others hear it was just taken', async () => {
    const startsAt = '2026-11-27T10:00:00.000Z';
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        book({ startsAt, practitionerId: anouk.id, email: `gelijk${i}@example.nl` }, `198.51.100.${i + 1}`),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json().detail).toBe('this time was just taken');
    expect(loser?.json().nextFreeTimes.length).toBeGreaterThan(0);
    const rows = await clinic.database.asOwner(
      `select count(*)::int as n from appointment where starts_at = '${startsAt}' and status = 'booked'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('enforces no overlap in the database itself, even for a direct insert', async () => {
    const [row] = await clinic.database.asOwner(
      `select client_id, practitioner_id, treatment_type_id from appointment where starts_at = '2026-11-27T10:00:00.000Z'`,
    );
    await expect(
      clinic.database.asOwner(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at, blocked_until, status, source, created_at)
        values (gen_random_uuid(), '${row?.client_id}', '${row?.practitioner_id}', '${row?.treatment_type_id}',
          '2026-11-27T10:30:00Z', '2026-11-27T11:30:00Z', '2026-11-27T11:45:00Z', 'booked', 'staff', now())`),
    ).rejects.toThrow(/appointment_no_overlap/);
  });
});

describe('schedule exceptions', () => {
  const saturdaySlots = async () =>
    (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/booking/slots?treatmentTypeId=${facial}&from=2026-12-05&to=2026-12-06`,
      })
    ).json() as { startsAt: string }[];

  it('extra hours open free times, an absence closes them, and the owner sees and removes both', async () => {
    expect(await saturdaySlots()).toEqual([]); // no working hours on Saturday
    const owner = await clinic.freshOwner();
    const extra = await owner.call('POST', '/api/schedule/exceptions', {
      staffId: anouk.id,
      kind: 'extra',
      startsAt: '2026-12-05T09:00:00.000Z', // Saturday 10:00–13:00 in Amsterdam
      endsAt: '2026-12-05T12:00:00.000Z',
      note: 'Zaterdagochtend extra',
    });
    expect(extra.statusCode, extra.body).toBe(201);
    const opened = await saturdaySlots();
    expect(opened[0]?.startsAt).toBe('2026-12-05T09:00:00.000Z');
    expect(opened.at(-1)?.startsAt).toBe('2026-12-05T10:45:00.000Z'); // 60 minutes and the buffer fit before 13:00

    const absence = await owner.call('POST', '/api/schedule/exceptions', {
      staffId: anouk.id,
      kind: 'absence',
      startsAt: '2026-12-05T09:00:00.000Z',
      endsAt: '2026-12-05T10:00:00.000Z',
    });
    expect(absence.statusCode).toBe(201);
    expect((await saturdaySlots())[0]?.startsAt).toBe('2026-12-05T10:00:00.000Z');

    const listed = (await owner.call('GET', '/api/schedule/exceptions')).json();
    expect(listed.map((e: { id: string; kind: string }) => [e.id, e.kind])).toEqual(
      expect.arrayContaining([
        [extra.json().id, 'extra'],
        [absence.json().id, 'absence'],
      ]),
    );
    const rosa = await clinic.hire('reception', 'Rosa Uitzondering');
    expect((await rosa.call('GET', '/api/schedule/exceptions')).statusCode).toBe(403);
    expect((await rosa.call('DELETE', `/api/schedule/exceptions/${extra.json().id}`)).statusCode).toBe(403);

    expect((await owner.call('DELETE', `/api/schedule/exceptions/${extra.json().id}`)).statusCode).toBe(204);
    expect((await owner.call('DELETE', `/api/schedule/exceptions/${extra.json().id}`)).statusCode).toBe(404);
    expect(await saturdaySlots()).toEqual([]);
  });
});
