import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';
import { Mailer } from '../outbox/mailer';

// Wednesday 25 November 2026, 10:00 in Amsterdam; the cancellation window is 24 hours.
let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let facial: string;
let statementVersion: number;
let smtp: SMTPServer;
let port = 0;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;

  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Verzet');
  bram = await clinic.hire('practitioner', 'Bram Verzet');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner values ('${facial}', '${anouk.id}'), ('${facial}', '${bram.id}')`,
  );
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours });
  for (const member of [anouk, bram]) {
    await clinic.owner.call('PUT', `/api/staff/${member.id}/working-hours`, { hours });
  }
  statementVersion = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json()
    .version;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await clinic.close();
});

let ip = 0;
const nextIp = () => `203.0.113.${++ip}`;

/** Books online with Anouk and answers the token of the confirmation's reschedule link. */
async function bookWithAnouk(startsAt: string, email: string): Promise<{ id: string; token: string }> {
  const booked = await clinic.app.inject({
    method: 'POST',
    url: '/api/public/bookings',
    remoteAddress: nextIp(),
    payload: {
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
    },
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const [mail] = await clinic.database.asOwner(
    `select body from outbox_email where recipient = '${email}' and kind = 'booking_confirmation'`,
  );
  const token = /\/book\/reschedule#token=([A-Za-z0-9_-]+)/.exec(String(mail?.body))?.[1];
  if (!token) throw new Error('no reschedule link in the confirmation');
  expect(String(mail?.body)).toContain(`/book/cancel#token=${token}`);
  return { id: booked.json().appointmentId, token };
}

const post = (url: string, payload: Record<string, unknown>, remoteAddress = nextIp()) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/bookings${url}`, payload, remoteAddress });

const row = async (id: string) =>
  (
    await clinic.database.asOwner(
      `select starts_at, ends_at, practitioner_id, cancel_token_hash, status from appointment where id = '${id}'`,
    )
  )[0];
const mailCount = async () =>
  (await clinic.database.asOwner(`select count(*)::int as n from outbox_email`))[0]?.n;

/** The text/calendar part of a raw MIME message, decoded. */
function calendarPart(raw: string): string {
  const part = raw
    .split(/\r?\n--/)
    .find((p) => /content-type:\s*text\/calendar/i.test(p.split(/\r?\n\r?\n/)[0] ?? ''));
  if (!part) throw new Error('no calendar in the message');
  const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  if (/transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8');
  if (/transfer-encoding:\s*quoted-printable/i.test(head)) {
    return body
      .replaceAll(/=\r?\n/g, '')
      .replaceAll(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return body;
}

describe('rescheduling online with the e-mailed link', () => {
  it('moves the appointment to a free time and e-mails the updated invitation (same UID, higher SEQUENCE) with fresh links', async () => {
    const { id, token } = await bookWithAnouk('2026-11-30T09:00:00.000Z', 'mies.verzet@example.nl');

    const shown = await post('/reschedule/appointment', { token });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      treatmentTypeId: facial,
      treatmentName: 'Gezichtsbehandeling',
      practitionerId: anouk.id,
      startsAt: '2026-11-30T09:00:00.000Z',
      changeableUntil: '2026-11-29T09:00:00.000Z',
    });
    expect(
      shown
        .json()
        .practitioners.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['Anouk', 'Bram']);

    // Its own time counts as free: half an hour later overlaps only itself.
    const slots = await post('/reschedule/slots', { token, from: '2026-11-30', to: '2026-12-01' });
    expect(slots.statusCode, slots.body).toBe(200);
    const starts = slots.json().map((s: { startsAt: string }) => s.startsAt);
    expect(starts).toContain('2026-11-30T09:30:00.000Z');
    expect(starts).not.toContain('2026-11-30T09:00:00.000Z'); // where it is now
    expect(slots.json().every((s: { practitionerId: string }) => s.practitionerId === anouk.id)).toBe(true);
    const anyone = (
      await post('/reschedule/slots', { token, from: '2026-11-30', to: '2026-11-30', anyone: true })
    ).json();
    expect(anyone.some((s: { practitionerId: string }) => s.practitionerId === bram.id)).toBe(true);

    const moved = await post('/reschedule', {
      token,
      startsAt: '2026-12-01T13:00:00.000Z', // Tuesday 14:00
      practitionerId: anouk.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await row(id)).toMatchObject({ practitioner_id: anouk.id, status: 'booked' });
    expect(new Date(String((await row(id))?.starts_at)).toISOString()).toBe('2026-12-01T13:00:00.000Z');

    // The old link moves and cancels nothing any more.
    expect((await post('/reschedule/appointment', { token })).statusCode).toBe(404);
    expect((await post('/cancel', { token })).statusCode).toBe(404);

    // Audited like a cancellation: an update of the appointment, by the online booking.
    const audit = await clinic.database.asOwner(
      `select action, actor_role from audit_event where object_type = 'appointment' and object_id = '${id}' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'read', 'update']);

    const [mail] = await clinic.database.asOwner(
      `select body, calendar from outbox_email where kind = 'booking_reschedule' and recipient = 'mies.verzet@example.nl'`,
    );
    expect(String(mail?.body)).toContain('dinsdag 1 december 2026 om 14:00');
    expect(String(mail?.body)).toContain('was maandag 30 november 2026 om 10:00');
    expect(String(mail?.body)).not.toMatch(/allergie|intake|medisch|contra/i);
    const fresh = /\/book\/reschedule#token=([A-Za-z0-9_-]+)/.exec(String(mail?.body))?.[1] ?? '';
    expect(fresh).not.toBe(token);
    expect(String(mail?.body)).toContain(`/book/cancel#token=${fresh}`);
    expect((await post('/reschedule/appointment', { token: fresh })).json().startsAt).toBe(
      '2026-12-01T13:00:00.000Z',
    );

    // Received by a real SMTP server, the invitation parsed by a real iCalendar parser.
    const mailer = new Mailer(
      clinic.database,
      {
        ...clinic.context.config,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        mailFrom: 'Kliniek <info@example.nl>',
      },
      clinic.clock,
    );
    expect((await mailer.sendDue()).failed).toBe(0);
    const messages = received.filter((m) => m.to.includes('mies.verzet@example.nl'));
    expect(messages).toHaveLength(2);
    const [booked, rescheduled] = messages.map((m) => {
      const calendar = new ICAL.Component(ICAL.parse(calendarPart(m.raw)));
      return {
        method: calendar.getFirstPropertyValue('method'),
        event: new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component),
      };
    });
    expect(rescheduled?.method).toBe('REQUEST');
    expect(rescheduled?.event.uid).toBe(booked?.event.uid);
    expect(rescheduled?.event.uid).toBe(`${id}@vellum`);
    expect(rescheduled?.event.sequence).toBeGreaterThan(booked?.event.sequence ?? 0);
    expect(rescheduled?.event.startDate.toJSDate().toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(rescheduled?.event.endDate.toJSDate().toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('refuses a tampered link, a bad time or a practitioner who does not perform it, naming the problem and writing nothing', async () => {
    const { id, token } = await bookWithAnouk('2026-12-02T09:00:00.000Z', 'tamper@example.nl');
    const before = { appointment: await row(id), mails: await mailCount() };
    const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    for (const url of ['/reschedule/appointment', '/reschedule/slots', '/reschedule']) {
      const refused = await post(url, {
        token: tampered,
        from: '2026-12-02',
        to: '2026-12-03',
        startsAt: '2026-12-03T09:00:00.000Z',
        practitionerId: null,
      });
      expect(refused.statusCode, url).toBe(404);
      expect(refused.json().detail).toMatch(/reschedule link is not valid/);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: '2026-12-03T09:07:00.000Z', practitionerId: null }, 'startsAt'], // off the grid
      [{ startsAt: '2026-12-05T09:00:00.000Z', practitionerId: null }, 'startsAt'], // Saturday
      [{ startsAt: '2026-12-02T09:00:00.000Z', practitionerId: anouk.id }, 'startsAt'], // where it is
      [{ startsAt: 'morgen', practitionerId: null }, 'startsAt'],
      [{ startsAt: '2026-12-03T09:00:00.000Z', practitionerId: 'iemand' }, 'practitionerId'],
      [{ startsAt: '2026-12-03T09:00:00.000Z', practitionerId: clinic.owner.id }, 'startsAt'], // does not perform it
    ];
    for (const [body, field] of cases) {
      const refused = await post('/reschedule', { token, ...body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await row(id)).toEqual(before.appointment);
    expect(await mailCount()).toBe(before.mails);
  });

  it('lets exactly one of two simultaneous reschedules onto one time win; the other hears it was just taken, with other times', async () => {
    const first = await bookWithAnouk('2026-12-07T09:00:00.000Z', 'race.een@example.nl');
    const second = await bookWithAnouk('2026-12-07T13:00:00.000Z', 'race.twee@example.nl');
    const target = '2026-12-08T10:00:00.000Z';
    const results = await Promise.all(
      [first, second].map(({ token }) =>
        post('/reschedule', { token, startsAt: target, practitionerId: anouk.id }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json().detail).toBe('this time was just taken');
    expect(loser?.json().nextFreeTimes.length).toBeGreaterThan(0);
    const at = await clinic.database.asOwner(
      `select id from appointment where starts_at = '${target}' and status = 'booked'`,
    );
    expect(at).toHaveLength(1);
    // The loser's appointment stayed where it was, and its link still works.
    const lost = [first, second].find((a) => a.id !== at[0]?.id);
    expect(new Date(String((await row(lost?.id ?? ''))?.starts_at)).getUTCDate()).toBe(7);
    expect((await post('/reschedule/appointment', { token: lost?.token ?? '' })).statusCode).toBe(200);
  });

  it('limits each network address like the booking form: after 40 calls in an hour it backs off', async () => {
    const { token } = await bookWithAnouk('2026-12-09T09:00:00.000Z', 'vaak@example.nl');
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) {
      statuses.push((await post('/reschedule/appointment', { token }, '198.51.100.77')).statusCode);
    }
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    expect(statuses[40]).toBe(429);
    expect((await post('/reschedule/appointment', { token }, '198.51.100.78')).statusCode).toBe(200);
  });

  it('refuses once the cancellation window has closed (the link has expired), writing nothing', async () => {
    const { id, token } = await bookWithAnouk('2026-11-27T13:00:00.000Z', 'te.laat@example.nl');
    const before = { appointment: await row(id), mails: await mailCount() };
    clinic.clock.advance(30 * 3600_000); // Thursday 16:00: 22 hours before
    for (const url of ['/reschedule/appointment', '/reschedule']) {
      const late = await post(url, { token, startsAt: '2026-12-01T09:00:00.000Z', practitionerId: null });
      expect(late.statusCode, url).toBe(409);
      expect(late.json().detail).toMatch(/too late to reschedule online \(24 hours before\)/);
    }
    expect(await row(id)).toEqual(before.appointment);
    expect(await mailCount()).toBe(before.mails);
  });
});
