import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let facial: string;

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Feed');
  bram = await clinic.hire('practitioner', 'Bram Feed');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner values ('${facial}', '${anouk.id}')`,
  );
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours });
  await clinic.owner.call('PUT', `/api/staff/${anouk.id}/working-hours`, { hours });
  const client = await clinic.aClient(anouk, {
    firstName: 'Roos',
    lastName: 'Geheimhouding',
    email: 'roos@example.nl',
    preferredLanguage: 'nl',
  });
  const booked = await anouk.call('POST', `/api/clients/${client}/appointments`, {
    treatmentTypeId: facial,
    practitionerId: anouk.id,
    startsAt: '2026-11-27T13:00:00.000Z', // Friday 14:00
  });
  expect(booked.statusCode, booked.body).toBe(201);
});
afterAll(() => clinic.close());

describe('reminders and the calendar feed', () => {
  it('queues one reminder 24 hours before, with the treatment and time only', async () => {
    expect(await clinic.context.reminders.queueDue()).toBe(0); // two days ahead: not yet
    clinic.clock.advance(30 * 3600_000); // Thursday 16:00 local: 22 hours before
    expect(await clinic.context.reminders.queueDue()).toBe(1);
    expect(await clinic.context.reminders.queueDue()).toBe(0); // once
    const [mail] = await clinic.database.asOwner(
      `select recipient, body from outbox_email where kind = 'booking_reminder'`,
    );
    expect(mail?.recipient).toBe('roos@example.nl');
    expect(String(mail?.body)).toContain('Gezichtsbehandeling, vrijdag 27 november 2026 om 14:00');
  });

  it('gives a practitioner a private feed with first names only, which the owner or they can revoke', async () => {
    const [me, other] = [
      { ...anouk, ...(await clinic.signIn(anouk)) },
      { ...bram, ...(await clinic.signIn(bram)) },
    ];
    const call = (member: typeof me, method: 'POST' | 'DELETE', url: string) =>
      clinic.app.inject({
        method,
        url,
        headers: { cookie: member.cookie, 'x-csrf-token': member.csrfToken },
      });
    expect((await call(other, 'POST', `/api/staff/${anouk.id}/calendar-feed`)).statusCode).toBe(403);
    const created = await call(me, 'POST', `/api/staff/${anouk.id}/calendar-feed`);
    expect(created.statusCode, created.body).toBe(201);
    const url = new URL(created.json().url);
    const feed = await clinic.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const [event] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(event?.summary).toBe('Roos — Gezichtsbehandeling');
    expect(event?.startDate.toJSDate().toISOString()).toBe('2026-11-27T13:00:00.000Z');
    expect(feed.body).not.toContain('Geheimhouding');

    expect((await call(me, 'DELETE', `/api/staff/${anouk.id}/calendar-feed`)).statusCode).toBe(204);
    expect((await clinic.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).statusCode).toBe(
      404,
    );
  });
});
