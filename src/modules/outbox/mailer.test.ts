import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';
import { Mailer } from './mailer';

let clinic: TestClinic;
let anouk: StaffMember;
let facial: string;
let smtp: SMTPServer;
let port: number;
const received: { to: string[]; raw: string }[] = [];

function startSmtp(): Promise<void> {
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
  return new Promise((resolve) =>
    smtp.listen(port, '127.0.0.1', () => {
      port = (smtp.server.address() as { port: number }).port;
      resolve();
    }),
  );
}

const mailer = () =>
  new Mailer(
    clinic.database,
    {
      ...clinic.context.config,
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: 'Huidkliniek Noord <info@example.nl>',
    },
    clinic.clock,
  );

beforeAll(async () => {
  port = 0;
  await startSmtp();
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Mail');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner values ('${facial}', '${anouk.id}')`,
  );
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours });
  await clinic.owner.call('PUT', `/api/staff/${anouk.id}/working-hours`, { hours });
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await clinic.close();
});

async function book(startsAt: string, email: string) {
  const statementVersion = (
    await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })
  ).json().version;
  const response = await clinic.app.inject({
    method: 'POST',
    url: '/api/public/bookings',
    remoteAddress: `192.0.2.${received.length + 50}`,
    payload: {
      treatmentTypeId: facial,
      practitionerId: null,
      startsAt,
      firstName: 'Mila',
      lastName: 'Post',
      email,
      phone: '0612345678',
      language: 'nl',
      statementVersion,
      consent: true,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
}

const outbox = async (kind: string) =>
  clinic.database.asOwner(`select * from outbox_email where kind = '${kind}' order by created_at`);

describe('booking e-mails', () => {
  it('sends the confirmation through SMTP with a calendar invitation that parses, in UTC and the clinic’s time', async () => {
    await book('2026-11-30T09:00:00.000Z', 'mila.post@example.nl');
    const result = await mailer().sendDue();
    expect(result.failed).toBe(0); // the staff invitations of the set-up went out too
    const mail = received.find((m) => m.to.includes('mila.post@example.nl'));
    const raw = mail?.raw ?? '';
    expect(raw).toMatch(/text\/calendar/);
    expect(raw).toMatch(/method=REQUEST/i);

    const [row] = await outbox('booking_confirmation');
    expect(String(row?.body)).toContain('maandag 30 november 2026 om 10:00');
    expect(String(row?.body)).not.toMatch(/allergie|intake|medisch/i);
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(String(row?.calendar))).getFirstSubcomponent('vevent') as ICAL.Component,
    );
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(event.summary).toContain('Gezichtsbehandeling');
    expect(row?.sent_at).not.toBeNull();
  });

  it('cancels with the e-mailed link inside the window, once; a tampered link answers like a missing one', async () => {
    const [row] = await outbox('booking_confirmation');
    const token = /book\/cancel#token=([A-Za-z0-9_-]+)/.exec(String(row?.body))?.[1] ?? '';
    const cancel = (t: string) =>
      clinic.app.inject({ method: 'POST', url: '/api/public/bookings/cancel', payload: { token: t } });
    expect((await cancel(`${token.slice(0, -2)}xx`)).statusCode).toBe(404);
    const done = await cancel(token);
    expect(done.statusCode, done.body).toBe(200);
    expect((await cancel(token)).statusCode).toBe(404);
    const [cancellation] = await outbox('booking_cancellation');
    expect(String(cancellation?.calendar)).toContain('METHOD:CANCEL');
  });

  it('refuses to cancel online after the window has closed', async () => {
    await book('2026-11-27T13:00:00.000Z', 'laat@example.nl');
    const rows = await outbox('booking_confirmation');
    const token = /book\/cancel#token=([A-Za-z0-9_-]+)/.exec(String(rows.at(-1)?.body))?.[1] ?? '';
    clinic.clock.advance(36 * 3600_000); // now 26 Nov ~21:00 UTC: 16 hours before, inside the 24-hour window
    const late = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/bookings/cancel',
      payload: { token },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/too late/);
  });

  it('keeps a message in the outbox and retries with back-off while SMTP is down; the booking stands', async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const before = (await outbox('booking_cancellation')).length;
    const result = await mailer().sendDue();
    expect(result.failed).toBeGreaterThan(0);
    const pending = await clinic.database.asOwner(
      `select attempts, last_error, next_attempt_at from outbox_email where sent_at is null`,
    );
    expect(pending.length).toBeGreaterThan(0);
    for (const p of pending) {
      expect(p.attempts).toBe(1);
      expect(String(p.last_error)).not.toBe('');
      expect(new Date(String(p.next_attempt_at)).getTime()).toBe(clinic.clock.now().getTime() + 60_000);
    }
    // Not due again until the back-off has passed.
    await startSmtp();
    expect((await mailer().sendDue()).sent).toBe(0);
    clinic.clock.advance(61_000);
    expect((await mailer().sendDue()).sent).toBe(pending.length);
    expect((await outbox('booking_cancellation')).length).toBe(before);
  });
});
