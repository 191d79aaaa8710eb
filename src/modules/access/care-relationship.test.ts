import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';
import type { Actor } from './actor';

/**
 * Decision 0015: a care relationship means treating the client now. The attacker's probe of issue
 * 12 — an anonymous booking with an existing client's e-mail address and a chosen practitioner —
 * must open nothing, and access through an appointment must be bounded by its window and end on
 * cancellation.
 */
let clinic: TestClinic;
let bram: StaffMember;
let facial: string;
let statementVersion: number;
let xavier: string;

const DAY = 24 * 3600_000;
const nineToFive = (days: number[]) =>
  days.map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));

beforeAll(async () => {
  // Wednesday 25 November 2026, 10:00 in Amsterdam.
  clinic = await aClinic('2026-11-25T09:00:00Z');
  bram = await clinic.hire('practitioner', 'Bram Behandelaar');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${facial}', '${bram.id}')`,
  );
  const owner = clinic.owner;
  expect(
    (await owner.call('PUT', '/api/schedule/opening-hours', { hours: nineToFive([1, 2, 3, 4, 5]) }))
      .statusCode,
  ).toBe(204);
  expect(
    (await owner.call('PUT', `/api/staff/${bram.id}/working-hours`, { hours: nineToFive([1, 2, 3, 4, 5]) }))
      .statusCode,
  ).toBe(204);
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
  xavier = await clinic.aClient(owner, {
    firstName: 'Xaviera',
    lastName: 'Bestaand',
    email: 'xaviera@example.nl',
    phone: '0612345678',
  });
});
afterAll(() => clinic.close());

const bramActor = (): Actor => ({ kind: 'staff', id: bram.id, role: 'practitioner' });

/** Whether Bram may read Xaviera's medical file now, and on what basis (through the gate itself). */
const bramSees = () =>
  clinic.context.gate
    .act(bramActor(), 'test', (scope) => scope.requireClient('read', 'medical', xavier))
    .then(
      (basis) => basis,
      () => null,
    );

const bookAsStranger = (startsAt: string, email = 'XAVIERA@example.nl') =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/bookings',
    remoteAddress: '198.51.100.7',
    payload: {
      treatmentTypeId: facial,
      practitionerId: bram.id,
      startsAt,
      firstName: 'Iemand',
      lastName: 'Anders',
      email,
      phone: '0699999999',
      language: 'nl',
      statementVersion,
      consent: true,
    },
  });

/** The link in an appointment's confirmation e-mail (which went to the dossier's address). */
const linkFor = async (appointmentId: string, kind: 'confirm' | 'cancel') => {
  const [mail] = await clinic.database.asOwner(
    `select body from outbox_email where kind = 'booking_confirmation' and calendar like '%${appointmentId}%'`,
  );
  const match = String(mail?.body ?? '').match(new RegExp(`/book/${kind}#token=([A-Za-z0-9_-]+)`));
  return match?.[1] ?? null;
};

describe('a care relationship means treating the client now', () => {
  it('[P8.1] [P5.2] an online booking with an existing client’s address and a chosen practitioner opens nothing and changes nothing', async () => {
    const before = await clinic.database.asOwner(
      `select first_name, last_name, phone, (select count(*) from consent_record where client_id = '${xavier}') as consents
       from client where id = '${xavier}'`,
    );
    const stranger = await bookAsStranger('2026-11-26T09:00:00.000Z');
    const newcomer = await bookAsStranger('2026-11-26T11:00:00.000Z', 'nieuw.mens@example.nl');
    // The visitor gets the same answer either way.
    expect(stranger.statusCode).toBe(201);
    expect(newcomer.statusCode).toBe(201);
    expect(Object.keys(stranger.json()).sort()).toEqual(Object.keys(newcomer.json()).sort());

    // Bram's answer on Xaviera's dossier, photos, intakes, treatments stays "not found".
    for (const path of ['', '/dossier', '/photo-sets', '/intakes', '/treatments', '/consents']) {
      expect((await bram.call('GET', `/api/clients/${xavier}${path}`)).statusCode, path).toBe(404);
    }
    expect(await bramSees()).toBeNull();
    // Nothing the stranger typed went into her dossier; the consent waits for confirmation.
    const after = await clinic.database.asOwner(
      `select first_name, last_name, phone, (select count(*) from consent_record where client_id = '${xavier}') as consents
       from client where id = '${xavier}'`,
    );
    expect(after).toEqual(before);
    // The desk sees the booking, marked as not confirmed, with what the booker typed.
    const board = await clinic.owner.call(
      'GET',
      `/api/agenda?from=2026-11-26T00:00:00.000Z&to=2026-11-27T00:00:00.000Z`,
    );
    expect(board.statusCode).toBe(200);
    const entry = (board.json() as { id: string; identityConfirmed: boolean; bookedAs: unknown }[]).find(
      (e) => e.id === stranger.json().appointmentId,
    );
    expect(entry).toMatchObject({
      identityConfirmed: false,
      bookedAs: { firstName: 'Iemand', lastName: 'Anders', phone: '0699999999' },
    });
    // The new client's own dossier opens to Bram around the appointment: a new dossier has nothing to protect.
    const newId = (
      await clinic.database.asOwner(`select id from client where email = 'nieuw.mens@example.nl'`)
    )[0]?.id as string;
    expect((await bram.call('GET', `/api/clients/${newId}`)).statusCode).toBe(200);
  });

  it('[P8.1] opens the dossier only once the person is confirmed, within the window, and closes it after the window and on cancellation', async () => {
    const booked = await bookAsStranger('2026-11-27T09:00:00.000Z');
    expect(booked.statusCode).toBe(201);
    expect(await bramSees()).toBeNull();
    // Xaviera confirms with the link that went to her own address.
    const token = await linkFor(booked.json().appointmentId, 'confirm');
    expect(token).not.toBeNull();
    const confirmed = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/confirm',
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await bramSees()).toBe('public_link');
    // The consent she gave with the booking is now in her ledger, on its channel.
    const consents = await clinic.database.asOwner(
      `select channel from consent_record where client_id = '${xavier}' and channel = 'online_booking'`,
    );
    expect(consents).toHaveLength(1);

    // Fourteen days after the appointment (the default) the window has closed.
    const now = clinic.clock.now();
    clinic.clock.set('2026-12-11T11:00:00Z');
    expect(await bramSees()).toBeNull();
    clinic.clock.set(now);
    expect(await bramSees()).toBe('public_link');

    // Cancelled: nothing any more, at once.
    const cancel = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/cancel',
      payload: { token },
    });
    expect(cancel.statusCode).toBe(200);
    expect(await bramSees()).toBeNull();
  });

  it('[P8.1] a check-in at the desk confirms the person; the practitioner checking in their own appointment is shown to the owner', async () => {
    const booked = await bookAsStranger('2026-11-30T09:00:00.000Z');
    expect(booked.statusCode).toBe(201);
    const id = booked.json().appointmentId as string;
    clinic.clock.set('2026-11-30T08:55:00Z');
    const owner = await clinic.freshOwner();
    Object.assign(bram, await clinic.signIn(bram));
    expect(await bramSees()).toBeNull();
    // Bram checks in the person in front of him himself: allowed, and flagged.
    const checkIn = await bram.call('POST', `/api/appointments/${id}/status`, { status: 'checked_in' });
    expect(checkIn.statusCode).toBe(200);
    expect(await bramSees()).toBe('own_check_in');
    clinic.clock.advance(1000);
    expect((await bram.call('GET', `/api/clients/${xavier}/dossier`)).statusCode).toBe(200);
    clinic.clock.advance(1000);
    // The agenda reads her contact details and her medical file's warnings: two entries, one request.
    const agenda = await bram.call(
      'GET',
      '/api/agenda?from=2026-11-30T00:00:00.000Z&to=2026-12-01T00:00:00.000Z',
    );
    expect(agenda.statusCode).toBe(200);

    const from = new Date(clinic.clock.now().getTime() - DAY).toISOString();
    const to = new Date(clinic.clock.now().getTime() + DAY).toISOString();
    const report = (await owner.call('GET', `/api/audit/unusual?from=${from}&to=${to}`)).json() as {
      kind: string;
      clientId: string | null;
      clientName: string | null;
      actorId: string | null;
    }[];
    const own = report.filter(
      (r) => r.kind === 'own_check_in' && r.clientId === xavier && r.actorId === bram.id,
    );
    // One row per request — the check-in, the gate's check above, the dossier, the agenda (two
    // entries) — with her name, not her id.
    expect(own).toHaveLength(4);
    expect(own.every((r) => r.clientName === 'Xaviera Bestaand')).toBe(true);
  });
});

describe('the care periods', () => {
  it('[P8.1] are the owner’s to set, and a change holds at once', async () => {
    // Still before Xaviera's checked-in appointment of 30 November (the test above).
    expect(await bramSees()).toBe('own_check_in');
    const owner = await clinic.freshOwner();
    const rosa = await clinic.hire('reception', 'Rosa Receptie');
    clinic.clock.set('2026-11-30T08:50:00Z');
    const shorter = { daysBeforeAppointment: 0, daysAfterAppointment: 1, followUpDays: 30 };
    expect((await rosa.call('PUT', '/api/care-periods', shorter)).statusCode).toBe(403);
    expect(
      (await owner.call('PUT', '/api/care-periods', { ...shorter, followUpDays: 9999 })).statusCode,
    ).toBe(400);
    expect((await owner.call('PUT', '/api/care-periods', shorter)).statusCode).toBe(200);
    // The appointment is at 09:00; with no days before it, the window has not opened yet.
    expect(await bramSees()).toBeNull();
    const defaults = { daysBeforeAppointment: 7, daysAfterAppointment: 14, followUpDays: 60 };
    expect((await owner.call('PUT', '/api/care-periods', defaults)).json()).toEqual(defaults);
    expect(await bramSees()).toBe('own_check_in');
  });
});

describe('the actors at the edges', () => {
  const count = async (actor: Actor, table: string) =>
    Number(
      (
        await clinic.context.gate.act(actor, 'test', async (scope) => {
          const result = await scope.tx.execute(sql.raw(`select count(*)::int as n from ${table}`));
          return (result as unknown as { rows: { n: number }[] }).rows;
        })
      )[0]?.n,
    );

  it('[P8.1] a client bound to one id sees, under row-level security, only that client’s rows; a visitor none', async () => {
    const other = await clinic.aClient(clinic.owner, { firstName: 'Olivia', lastName: 'Ander' });
    expect(other).toBeTruthy();
    const self: Actor = { kind: 'client', clientId: xavier, via: 'privacy-portal' };
    const stranger: Actor = { kind: 'visitor', channel: 'online-booking' };
    expect(await count({ kind: 'system', name: 'test' }, 'client')).toBeGreaterThan(2);
    expect(await count(self, 'client')).toBe(1);
    expect(await count(self, `client where id = '${other}'`)).toBe(0);
    expect(await count(self, `appointment where client_id <> '${xavier}'`)).toBe(0);
    expect(await count(self, `consent_record where client_id <> '${xavier}'`)).toBe(0);
    expect(await count(self, `audit_event where client_id <> '${xavier}'`)).toBe(0);
    expect(await count(self, 'outbox_email')).toBe(0);
    for (const table of [
      'client',
      'appointment',
      'consent_record',
      'client_key',
      'outbox_email',
      'audit_event',
    ]) {
      expect(await count(stranger, table), table).toBe(0);
    }
  });

  it('[P8.1] each job touches only the tables its work needs', async () => {
    const job = (name: 'mailer' | 'reminders' | 'statistics' | 'retention'): Actor => ({ kind: 'job', name });
    expect(await count(job('mailer'), 'outbox_email')).toBeGreaterThan(0);
    expect(await count(job('mailer'), 'client')).toBe(0);
    expect(await count(job('mailer'), 'audit_event')).toBe(0);
    expect(await count(job('reminders'), 'client')).toBeGreaterThan(0);
    expect(await count(job('reminders'), 'treatment')).toBe(0);
    expect(await count(job('reminders'), 'client_key')).toBe(0);
    expect(await count(job('reminders'), 'outbox_email')).toBe(0);
    expect(await count(job('statistics'), 'client')).toBe(0);
    expect(await count(job('statistics'), 'appointment')).toBe(0);
    expect(await count(job('retention'), 'client_key')).toBeGreaterThan(0);
  });
});
