import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

// Wednesday 25 November 2026, 09:46 in Amsterdam (UTC+1): a walk-in at the desk.
let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let cara: StaffMember;
let dirk: StaffMember;
let rosa: StaffMember;
let facial: string;
let statementVersion: number;
let clara: string;

const CLARA = 'clara.dubbel@example.nl';

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T08:46:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Balie');
  bram = await clinic.hire('practitioner', 'Bram Balie');
  cara = await clinic.hire('practitioner', 'Cara Balie');
  dirk = await clinic.hire('practitioner', 'Dirk Balie');
  rosa = await clinic.hire('reception', 'Rosa Balie');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `update treatment_type set duration_minutes = 60, buffer_after_minutes = 15 where id = '${facial}'`,
  );
  for (const member of [anouk, bram, cara, dirk]) {
    await clinic.database.asOwner(
      `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${facial}', '${member.id}')`,
    );
  }
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  expect((await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours })).statusCode).toBe(204);
  for (const member of [anouk, bram, cara, dirk]) {
    await clinic.owner.call('PUT', `/api/staff/${member.id}/working-hours`, { hours });
  }
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
  clara = await clinic.aClient(rosa, { firstName: 'Clara', lastName: 'Dubbel', email: CLARA });
});
afterAll(() => clinic.close());

const deskBook = (
  body: { startsAt: string; practitionerId: string | null; notifyClient?: boolean },
  clientId = clara,
  by = rosa,
) => by.call('POST', `/api/clients/${clientId}/appointments`, { treatmentTypeId: facial, ...body });
const outbox = (kind: string, recipient = CLARA) =>
  clinic.database.asOwner(
    `select subject, body from outbox_email where kind = '${kind}' and recipient = '${recipient}' order by created_at, id`,
  );
const live = (clientId: string) =>
  clinic.database.asOwner(
    `select id, practitioner_id, starts_at from appointment where client_id = '${clientId}'
     and status in ('booked', 'checked_in', 'completed') order by starts_at`,
  );
const tokenIn = (body: string, page: 'cancel' | 'reschedule' | 'confirm') =>
  new RegExp(`/book/${page}#token=([A-Za-z0-9_-]+)`).exec(body)?.[1] ?? '';
const CLIENT_BUSY = 'this client already has an appointment at that time';

describe('walk-ins at the desk', () => {
  it('offers the desk free times from the next step of the grid, while online keeps its lead time', async () => {
    const url = `/api/agenda/free-times?treatmentTypeId=${facial}&practitionerId=${anouk.id}&from=2026-11-25&to=2026-11-25`;
    const desk = await rosa.call('GET', url);
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json()[0].startsAt).toBe('2026-11-25T09:00:00.000Z'); // 10:00, the first quarter after 09:46
    const online = (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/booking/slots?treatmentTypeId=${facial}&practitionerId=${anouk.id}&from=2026-11-25&to=2026-11-25`,
      })
    ).json();
    expect(online[0].startsAt).toBe('2026-11-25T11:00:00.000Z'); // 12:00: two hours' lead time
    expect((await clinic.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    // A week at a time: without `to` the week from `from`; more than 14 days is refused, naming `to`.
    const base = `/api/agenda/free-times?treatmentTypeId=${facial}&practitionerId=${anouk.id}`;
    const week = await rosa.call('GET', `${base}&from=2026-11-25`);
    expect(week.statusCode, week.body).toBe(200);
    expect(week.json()[0]).toEqual(desk.json()[0]);
    expect(week.json().at(-1).startsAt.slice(0, 10)).toBe('2026-12-01');
    const tooLong = await rosa.call('GET', `${base}&from=2026-11-25&to=2026-12-09`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
    // The agenda shades what is outside the hours: every staff member may read them.
    const hours = await rosa.call('GET', '/api/agenda/hours');
    expect(hours.statusCode, hours.body).toBe(200);
    expect(
      hours.json().workingHours.find((w: { staffId: string }) => w.staffId === anouk.id).hours,
    ).toHaveLength(5);
  });

  it('books a walk-in now and e-mails the client the confirmation with links', async () => {
    const booked = await deskBook({ startsAt: '2026-11-25T09:00:00.000Z', practitionerId: anouk.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().clientNotified).toBe(true);
    const [mail, ...more] = await outbox('booking_confirmation');
    expect(more).toEqual([]);
    expect(mail?.body).toContain('Gezichtsbehandeling');
    expect(tokenIn(String(mail?.body), 'cancel')).not.toBe('');
    expect(String(mail?.body)).not.toContain('/book/confirm'); // booked by staff: confirmed
    // A time already gone is still refused.
    const past = await deskBook({ startsAt: '2026-11-25T08:30:00.000Z', practitionerId: bram.id });
    expect(past.statusCode).toBe(400);
  });

  it('sends nothing when the desk unticks "E-mail de cliënt"', async () => {
    const quiet = await clinic.aClient(rosa, {
      firstName: 'Stil',
      lastName: 'Boek',
      email: 'stil@example.nl',
    });
    const booked = await deskBook(
      { startsAt: '2026-11-25T13:00:00.000Z', practitionerId: anouk.id, notifyClient: false },
      quiet,
    );
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().clientNotified).toBe(false);
    expect(await outbox('booking_confirmation', 'stil@example.nl')).toEqual([]);
  });
});

describe('one client, one place at a time', () => {
  it('refuses the desk a second appointment of the client at an overlapping time with another practitioner', async () => {
    const before = await live(clara);
    const refused = await deskBook({ startsAt: '2026-11-25T09:30:00.000Z', practitionerId: bram.id });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toBe(CLIENT_BUSY);
    expect(await live(clara)).toEqual(before);
    // Right after the treatment (the practitioner's buffer is not the client's) is fine.
    const after = await deskBook({ startsAt: '2026-11-25T10:00:00.000Z', practitionerId: bram.id });
    expect(after.statusCode, after.body).toBe(201);
  });

  it('refuses a move onto the client’s other appointment', async () => {
    const [, second] = await live(clara);
    const moved = await rosa.call('PATCH', `/api/appointments/${second?.id}`, {
      startsAt: '2026-11-25T09:15:00.000Z',
      endsAt: '2026-11-25T10:15:00.000Z',
    });
    expect(moved.statusCode, moved.body).toBe(409);
    expect(moved.json().detail).toBe(CLIENT_BUSY);
    expect((await live(clara))[1]?.starts_at).toEqual(second?.starts_at);
  });

  it('refuses a move through the reschedule link onto the client’s other appointment', async () => {
    expect(
      (await deskBook({ startsAt: '2026-11-26T09:00:00.000Z', practitionerId: anouk.id })).statusCode,
    ).toBe(201);
    const friday = await deskBook({ startsAt: '2026-11-27T13:00:00.000Z', practitionerId: bram.id });
    expect(friday.statusCode).toBe(201);
    const mail = (await outbox('booking_confirmation')).at(-1);
    const token = tokenIn(String(mail?.body), 'reschedule');
    const moved = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/reschedule',
      remoteAddress: '203.0.113.9',
      payload: { token, startsAt: '2026-11-26T09:30:00.000Z', practitionerId: bram.id },
    });
    expect(moved.statusCode, moved.body).toBe(409);
    expect(moved.json().detail).toBe(CLIENT_BUSY);
    const elsewhere = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/reschedule',
      remoteAddress: '203.0.113.9',
      payload: { token, startsAt: '2026-11-26T10:00:00.000Z', practitionerId: bram.id },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });

  it('online, answers a visitor naming a known address as anyone, and refuses the double booking at confirmation', async () => {
    // Thursday 10:00–11:00 Clara is with Anouk. Someone books Thursday 10:15 with Bram under her address.
    const online = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings',
      remoteAddress: '203.0.113.20',
      payload: {
        treatmentTypeId: facial,
        practitionerId: cara.id,
        startsAt: '2026-11-26T09:15:00.000Z',
        firstName: 'Clara',
        lastName: 'Dubbel',
        email: CLARA,
        phone: '06 12345678',
        language: 'nl',
        statementVersion,
        consent: true,
      },
    });
    // The same answer as for an address nobody has (decision 0015): nothing about the dossier leaks.
    expect(online.statusCode, online.body).toBe(201);
    const mail = (await outbox('booking_confirmation')).at(-1);
    const token = tokenIn(String(mail?.body), 'confirm');
    expect(token).not.toBe('');
    // Only the dossier's mailbox can confirm; confirmed, it would be a double booking: refused, and it stays unconfirmed.
    const confirmed = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/confirm',
      remoteAddress: '203.0.113.21',
      payload: { token },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(409);
    expect(confirmed.json().detail).toBe(CLIENT_BUSY);
    const [held] = await clinic.database.asOwner(
      `select id, confirmed_via from appointment where practitioner_id = '${cara.id}' and starts_at = '2026-11-26T09:15:00Z'`,
    );
    expect(held?.confirmed_via).toBeNull();
    // Checking the person in at the desk confirms too: refused the same way.
    const checkIn = await rosa.call('POST', `/api/appointments/${held?.id}/status`, { status: 'checked_in' });
    expect(checkIn.statusCode, checkIn.body).toBe(409);
    expect(checkIn.json().detail).toBe(CLIENT_BUSY);
  });

  it('lets exactly one of simultaneous desk bookings of one client with four practitioners win', async () => {
    const racer = await clinic.aClient(rosa, {
      firstName: 'Renée',
      lastName: 'Race',
      email: 'race@example.nl',
    });
    const results = await Promise.all(
      [anouk, bram, cara, dirk].map((p) =>
        deskBook({ startsAt: '2026-11-30T10:00:00.000Z', practitionerId: p.id }, racer),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const loser of results.filter((r) => r.statusCode === 409)) {
      expect(loser.json().detail).toBe(CLIENT_BUSY);
    }
    expect(await live(racer)).toHaveLength(1);
  });

  it('is a rule of the database itself, even for a direct insert', async () => {
    const [row] = await clinic.database.asOwner(
      `select treatment_type_id from appointment where client_id = '${clara}' limit 1`,
    );
    await expect(
      clinic.database.asOwner(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at, blocked_until, status, source, created_at, confirmed_via)
        values (gen_random_uuid(), '${clara}', '${dirk.id}', '${row?.treatment_type_id}',
          '2026-11-25T09:30:00Z', '2026-11-25T10:30:00Z', '2026-11-25T10:30:00Z', 'booked', 'staff', now(), 'staff_booking')`),
    ).rejects.toThrow(/appointment_client_no_overlap/);
  });
});

describe('cancelling at the desk', () => {
  let dora: string;
  let appointmentId: string;
  const DORA = 'dora.annuleer@example.nl';

  beforeAll(async () => {
    dora = await clinic.aClient(rosa, { firstName: 'Dora', lastName: 'Annuleer', email: DORA });
    const booked = await deskBook({ startsAt: '2026-12-01T09:00:00.000Z', practitionerId: anouk.id }, dora);
    appointmentId = booked.json().appointmentId;
  });

  const heldUntil = async (id: string) => {
    const [mail] = await clinic.database.asOwner(
      `select next_attempt_at from outbox_email where kind = 'booking_cancellation'
       and recipient = '${DORA}' and calendar like '%UID:${id}@%' and sent_at is null`,
    );
    return mail ? new Date(String(mail.next_attempt_at)).getTime() : undefined;
  };

  it('holds the cancellation e-mail for the undo window; an undo withdraws it and the client hears nothing', async () => {
    const cancelled = await rosa.call('POST', `/api/appointments/${appointmentId}/status`, {
      status: 'cancelled',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().clientNotified).toBe(true);
    expect(await outbox('booking_cancellation', DORA)).toHaveLength(1);
    // The mailer takes nothing before next_attempt_at: two and a half minutes from now.
    expect(await heldUntil(appointmentId)).toBe(clinic.clock.now().getTime() + 150_000);
    clinic.clock.advance(10_000);
    const restored = await rosa.call('POST', `/api/appointments/${appointmentId}/restore`, {});
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toEqual({ status: 'booked', clientNotified: false });
    expect(await outbox('booking_cancellation', DORA)).toHaveLength(0);
    expect(await outbox('booking_confirmation', DORA)).toHaveLength(1);
    expect(await live(dora)).toHaveLength(1);
  });

  it('tells the client the appointment stands when the cancellation may have gone already', async () => {
    const booked = await deskBook({ startsAt: '2026-12-03T09:00:00.000Z', practitionerId: anouk.id }, dora);
    const id = booked.json().appointmentId;
    expect(
      (await rosa.call('POST', `/api/appointments/${id}/status`, { status: 'cancelled' })).json()
        .clientNotified,
    ).toBe(true);
    // The mailer leased it (its next try moved): it may be on its way, so it is not withdrawn.
    await clinic.database.asOwner(
      `update outbox_email set next_attempt_at = next_attempt_at + interval '1 second'
       where kind = 'booking_cancellation' and calendar like '%UID:${id}@%'`,
    );
    clinic.clock.advance(10_000);
    const restored = await rosa.call('POST', `/api/appointments/${id}/restore`, {});
    expect(restored.json()).toEqual({ status: 'booked', clientNotified: true });
    expect(await heldUntil(id)).toBeDefined();
    expect(await outbox('booking_confirmation', DORA)).toHaveLength(3);
    await rosa.call('POST', `/api/appointments/${id}/status`, { status: 'cancelled', notifyClient: false });
  });

  it('sends nothing when unticked, and does not restore a time someone took meanwhile', async () => {
    const cancelled = await rosa.call('POST', `/api/appointments/${appointmentId}/status`, {
      status: 'cancelled',
      notifyClient: false,
    });
    expect(cancelled.json().clientNotified).toBe(false);
    expect(await outbox('booking_cancellation', DORA)).toHaveLength(1); // the one that may have gone above
    const other = await clinic.aClient(rosa, { firstName: 'Otto', lastName: 'Snel' });
    expect(
      (await deskBook({ startsAt: '2026-12-01T09:00:00.000Z', practitionerId: anouk.id }, other)).statusCode,
    ).toBe(201);
    const restored = await rosa.call('POST', `/api/appointments/${appointmentId}/restore`, {});
    expect(restored.statusCode, restored.body).toBe(409);
    expect(await live(dora)).toHaveLength(0);
  });

  it('does not restore after the moment has passed', async () => {
    const booked = await deskBook({ startsAt: '2026-12-02T09:00:00.000Z', practitionerId: anouk.id }, dora);
    const id = booked.json().appointmentId;
    await rosa.call('POST', `/api/appointments/${id}/status`, { status: 'cancelled', notifyClient: false });
    clinic.clock.advance(3 * 60_000);
    const late = await rosa.call('POST', `/api/appointments/${id}/restore`, {});
    expect(late.statusCode).toBe(409);
    clinic.clock.advance(-3 * 60_000 - 10_000);
  });
});

describe('Dutch public holidays', () => {
  const christmas = async () =>
    (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/booking/slots?treatmentTypeId=${facial}&from=2026-12-24&to=2026-12-25`,
      })
    ).json() as { startsAt: string }[];

  it('are closed online and at the desk unless the owner opens the date', async () => {
    const days = (slots: { startsAt: string }[]) => [...new Set(slots.map((s) => s.startsAt.slice(0, 10)))];
    expect(days(await christmas())).toEqual(['2026-12-24']);
    const desk = await rosa.call(
      'GET',
      `/api/agenda/free-times?treatmentTypeId=${facial}&from=2026-12-25&to=2026-12-25`,
    );
    expect(desk.json()).toEqual([]);
    const listed = await rosa.call('GET', '/api/agenda/holidays?from=2026-12-01&to=2027-01-31');
    expect(listed.json()).toEqual([
      { date: '2026-12-25', key: 'christmas', open: false },
      { date: '2026-12-26', key: 'boxingDay', open: false },
      { date: '2027-01-01', key: 'newYear', open: false },
    ]);
    expect((await rosa.call('PUT', '/api/schedule/holidays/2026-12-25', { open: true })).statusCode).toBe(
      403,
    );
    const owner = await clinic.freshOwner();
    const notAHoliday = await owner.call('PUT', '/api/schedule/holidays/2026-12-24', { open: true });
    expect(notAHoliday.statusCode).toBe(400);
    expect(notAHoliday.json().errors[0].field).toBe('date');
    expect((await owner.call('PUT', '/api/schedule/holidays/2026-12-25', { open: true })).statusCode).toBe(
      204,
    );
    expect(days(await christmas())).toEqual(['2026-12-24', '2026-12-25']);
    expect((await rosa.call('GET', '/api/agenda/holidays?from=2026-12-25&to=2026-12-25')).json()).toEqual([
      { date: '2026-12-25', key: 'christmas', open: true },
    ]);
    expect((await owner.call('PUT', '/api/schedule/holidays/2026-12-25', { open: false })).statusCode).toBe(
      204,
    );
    expect(days(await christmas())).toEqual(['2026-12-24']);
  });
});

describe('the client page', () => {
  it('lists the client’s appointments, past and coming, newest first', async () => {
    const listed = await rosa.call('GET', `/api/clients/${clara}/appointments`);
    expect(listed.statusCode, listed.body).toBe(200);
    const rows = listed.json() as { startsAt: string; treatmentName: string; practitionerName: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.map((r) => r.startsAt)).toEqual([...rows.map((r) => r.startsAt)].sort().reverse());
    expect(rows[0]).toMatchObject({ treatmentName: 'Gezichtsbehandeling', practitionerName: 'Bram Balie' });
  });
});
