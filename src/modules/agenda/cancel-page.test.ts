import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

// Wednesday 25 November 2026, 10:00 in Amsterdam; the cancellation window is 24 hours.
let clinic: TestClinic;
let anouk: StaffMember;
let facial: string;
let statementVersion: number;

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Verzet');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner values ('${facial}', '${anouk.id}')`,
  );
  await clinic.database.asOwner(
    `update clinic set street = 'Prinsengracht', house_number = '12', postcode = '1015 DX', city = 'Amsterdam', phone = '020 123 4567'`,
  );
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours });
  await clinic.owner.call('PUT', `/api/staff/${anouk.id}/working-hours`, { hours });
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
});
afterAll(() => clinic.close());

let ip = 0;
const nextIp = () => `198.51.100.${++ip}`;
const post = (url: string, payload: Record<string, unknown>) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/bookings${url}`, payload, remoteAddress: nextIp() });

/** The token in the newest e-mail of this kind to this address. */
async function tokenIn(email: string, kind: string): Promise<string> {
  const [mail] = await clinic.database.asOwner(
    `select body from outbox_email where recipient = '${email}' and kind = '${kind}' order by created_at desc, id desc limit 1`,
  );
  const token = /\/book\/cancel#token=([A-Za-z0-9_-]+)/.exec(String(mail?.body))?.[1];
  if (!token) throw new Error(`no cancel link in the ${kind}`);
  return token;
}

async function book(startsAt: string, email: string): Promise<{ id: string; token: string }> {
  const booked = await post('', {
    treatmentTypeId: facial,
    practitionerId: anouk.id,
    startsAt,
    firstName: 'Mies',
    lastName: 'Verzet',
    email,
    phone: '0612345678',
    language: 'nl',
    statementVersion,
    consent: true,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  return { id: booked.json().appointmentId, token: await tokenIn(email, 'booking_confirmation') };
}

describe('the cancel page', () => {
  it('shows what the link cancels — treatment, first name of the practitioner, time, the clinic’s address — and changes nothing', async () => {
    const { id, token } = await book('2026-11-30T09:00:00.000Z', 'mies.cancel@example.nl');
    const shown = await post('/cancel/appointment', { token });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({
      state: 'live',
      treatmentName: 'Gezichtsbehandeling',
      practitionerName: 'Anouk',
      startsAt: '2026-11-30T09:00:00.000Z',
      endsAt: expect.any(String),
      changeableUntil: '2026-11-29T09:00:00.000Z',
      clinic: {
        name: expect.any(String),
        timeZone: 'Europe/Amsterdam',
        address: 'Prinsengracht 12, 1015 DX Amsterdam',
        phone: '020 123 4567',
      },
    });
    const [row] = await clinic.database.asOwner(`select status from appointment where id = '${id}'`);
    expect(row?.status).toBe('booked');
    // Read as the client the link is for, and recorded (the least actor: no staff, no visitor reading).
    const audit = await clinic.database.asOwner(
      `select actor_role from audit_event where object_type = 'appointment' and object_id = '${id}' and action = 'read'`,
    );
    expect(audit.map((a) => a.actor_role)).toEqual(['client']);
  });

  it('says a link that a move replaced was moved, and to when — after the client’s own move and after the desk’s', async () => {
    const email = 'mies.moved@example.nl';
    const { id, token: first } = await book('2026-11-30T10:00:00.000Z', email);
    const moved = await post('/reschedule', {
      token: first,
      startsAt: '2026-12-01T13:00:00.000Z',
      practitionerId: anouk.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const second = await tokenIn(email, 'booking_reschedule');
    expect(second).not.toBe(first);

    const old = await post('/cancel/appointment', { token: first });
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toEqual({
      state: 'moved',
      startsAt: '2026-12-01T13:00:00.000Z',
      timeZone: 'Europe/Amsterdam',
    });
    // The old link still cancels nothing.
    expect((await post('/cancel', { token: first })).statusCode).toBe(404);

    // The desk moves it again: both older links say where it went; the newest shows it live.
    const desk = await clinic.owner.call('PATCH', `/api/appointments/${id}`, {
      startsAt: '2026-12-02T14:00:00.000Z',
      endsAt: '2026-12-02T15:00:00.000Z',
    });
    expect(desk.statusCode, desk.body).toBe(200);
    const third = await tokenIn(email, 'booking_reschedule');
    for (const token of [first, second]) {
      expect((await post('/cancel/appointment', { token })).json()).toEqual({
        state: 'moved',
        startsAt: '2026-12-02T14:00:00.000Z',
        timeZone: 'Europe/Amsterdam',
      });
    }
    expect((await post('/cancel/appointment', { token: third })).json().state).toBe('live');

    // Once cancelled, an old link says nothing more than a guessed one.
    expect((await post('/cancel', { token: third })).statusCode).toBe(200);
    expect((await post('/cancel/appointment', { token: first })).statusCode).toBe(404);
  });

  it('tells a guessed token nothing: the same 404 as any other wrong link', async () => {
    const guessed = await post('/cancel/appointment', { token: randomBytes(32).toString('base64url') });
    expect(guessed.statusCode).toBe(404);
    expect(JSON.stringify(guessed.json())).not.toMatch(/Gezicht|Anouk|Mies|2026/);
    expect((await post('/cancel/appointment', { token: 'short' })).statusCode).toBe(400);
  });
});
