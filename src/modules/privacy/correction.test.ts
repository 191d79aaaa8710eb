import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { clientActor } from '../access/actor';
import { correctionDeadline } from './correction.service';

/**
 * Correction requests (GDPR art. 16) from the privacy portal, handled by the owner with a deadline,
 * and the portal's access log grouped by day and role. Runs on PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL.
 */
let clinic: TestClinic;
let anouk: StaffMember;
let sanne: string;
let pieter: string;
let sanneToken: string;
let pieterToken: string;

const portal = (route: string, body: Record<string, unknown>, remoteAddress = '203.0.113.7') =>
  clinic.app.inject({
    method: 'POST',
    url: `/api/public/privacy-portal/${route}`,
    payload: body,
    remoteAddress,
  });

let links = 0;
async function linkFor(email: string): Promise<string> {
  links += 1;
  expect((await portal('link', { email, language: 'nl' }, `198.51.100.${links}`)).statusCode).toBe(202);
  const [mail] = (await clinic.database.asOwner(
    `select body from outbox_email where kind = 'privacy_portal' and recipient = '${email}'
     order by created_at desc limit 1`,
  )) as { body: string }[];
  return /privacy-portal#token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
}

const stored = async () =>
  Number(
    (
      (await clinic.database.asOwner('select count(*)::int as n from correction_request')) as { n: number }[]
    )[0]?.n,
  );

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Correctie');
  sanne = await clinic.aClient(anouk, {
    firstName: 'Sanne',
    lastName: 'Correctie',
    email: 'sanne.correctie@example.nl',
  });
  pieter = await clinic.aClient(anouk, {
    firstName: 'Pieter',
    lastName: 'Correctie',
    email: 'pieter.correctie@example.nl',
    preferredLanguage: 'en',
  });
  sanneToken = await linkFor('sanne.correctie@example.nl');
  pieterToken = await linkFor('pieter.correctie@example.nl');
  expect(sanneToken.length).toBeGreaterThan(30);
  expect(pieterToken.length).toBeGreaterThan(30);
});
afterAll(() => clinic.close());

describe('correction requests from the privacy portal', () => {
  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fieldGroup: 'shoe_size', wrong: 'a', shouldBe: 'b' }, 'fieldGroup'],
      [{ fieldGroup: 'contact', wrong: '', shouldBe: 'b' }, 'wrong'],
      [{ fieldGroup: 'contact', wrong: 'a', shouldBe: 'x'.repeat(2001) }, 'shouldBe'],
      [{ fieldGroup: 'contact', wrong: 'a' }, 'shouldBe'],
    ];
    for (const [body, field] of cases) {
      const response = await portal('correction-request', { token: sanneToken, ...body });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.body).toContain(field);
    }
    expect(await stored()).toBe(0);
  });

  it('a wrong or expired-looking token answers 404 and writes nothing', async () => {
    const response = await portal('correction-request', {
      token: 'x'.repeat(43),
      fieldGroup: 'contact',
      wrong: 'Mijn telefoonnummer',
      shouldBe: '06 12345678',
    });
    expect(response.statusCode).toBe(404);
    expect(await stored()).toBe(0);
  });

  it('registers a request with a deadline one month later, shown in the portal and to the owner', async () => {
    const asked = await portal('correction-request', {
      token: sanneToken,
      fieldGroup: 'intake',
      wrong: 'Bij allergieën staat latex',
      shouldBe: 'Ik ben niet allergisch voor latex',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().deadlineAt).toBe(correctionDeadline(clinic.clock.now()).toISOString());
    const overview = (await portal('overview', { token: sanneToken })).json();
    expect(overview.corrections).toEqual([
      expect.objectContaining({ fieldGroup: 'intake', outcome: null, deadlineAt: asked.json().deadlineAt }),
    ]);
    const listed = (await clinic.owner.call('GET', '/api/correction-requests')).json();
    expect(listed).toEqual([
      expect.objectContaining({
        clientId: sanne,
        clientName: 'Sanne Correctie',
        wrong: 'Bij allergieën staat latex',
        outcome: null,
      }),
    ]);
    const audit = await clinic.database.asOwner(
      `select actor_role, action from audit_event where object_type = 'correction_request' and client_id = '${sanne}' order by at`,
    );
    expect(audit).toContainEqual({ actor_role: 'client', action: 'create' });
  });

  it('a stranger with another client’s link neither sees nor reaches this client’s requests', async () => {
    const overview = (await portal('overview', { token: pieterToken })).json();
    expect(overview.corrections).toEqual([]);
    expect(JSON.stringify(overview)).not.toContain('latex');
    // Under row-level security the client actor sees only their own rows, whatever the query asks.
    const seen = await clinic.context.gate.act(
      clientActor(pieter, 'privacy-portal'),
      'test',
      async (scope) =>
        (
          (await scope.tx.execute(sql`select count(*)::int as n from correction_request`)) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]?.n,
    );
    expect(seen).toBe(0);
    // Nor can it write a row in another client's name.
    await expect(
      clinic.context.gate.act(clientActor(pieter, 'privacy-portal'), 'test', async (scope) =>
        scope.tx.execute(sql`insert into correction_request
          (id, client_id, field_group, wrong, should_be, language, received_at, deadline_at)
          values (gen_random_uuid(), ${sanne}, 'other', 'x', 'y', 'nl', now(), now())`),
      ),
    ).rejects.toThrow();
    expect(await stored()).toBe(1);
  });

  it('only the owner lists and handles them', async () => {
    const [open] = (await clinic.owner.call('GET', '/api/correction-requests')).json();
    expect((await anouk.call('GET', '/api/correction-requests')).statusCode).toBe(403);
    expect(
      (
        await anouk.call('POST', `/api/correction-requests/${open.id}/handle`, {
          outcome: 'corrected',
          note: 'Latex weggehaald',
        })
      ).statusCode,
    ).toBe(403);
    const bad = await clinic.owner.call('POST', `/api/correction-requests/${open.id}/handle`, {
      outcome: 'maybe',
      note: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('outcome');
    const after = (await clinic.owner.call('GET', '/api/correction-requests')).json();
    expect(after[0].outcome).toBeNull();
  });

  it('the owner’s start page lists open requests with the days left', async () => {
    clinic.clock.advance(3 * 24 * 3600 * 1000);
    // The portal links last an hour: the clients ask for new ones.
    sanneToken = await linkFor('sanne.correctie@example.nl');
    pieterToken = await linkFor('pieter.correctie@example.nl');
    const owner = await clinic.freshOwner();
    const page = (await owner.call('GET', '/api/dashboard')).json();
    const [listed] = (await owner.call('GET', '/api/correction-requests')).json();
    const expected = Math.ceil(
      (new Date(listed.deadlineAt).getTime() - clinic.clock.now().getTime()) / 86_400_000,
    );
    expect(page.tasks.correctionRequests).toEqual([
      { id: listed.id, clientName: 'Sanne Correctie', deadlineAt: listed.deadlineAt, daysLeft: expected },
    ]);
    expect(expected).toBeGreaterThanOrEqual(25);
    expect(expected).toBeLessThanOrEqual(28);
  });

  it('refused: the client sees the reason and is e-mailed it in their language; handled once only', async () => {
    const asked = await portal('correction-request', {
      token: pieterToken,
      fieldGroup: 'treatment_report',
      wrong: 'The report says I had a peel',
      shouldBe: 'It was a facial',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const owner = await clinic.freshOwner();
    const handled = await owner.call('POST', `/api/correction-requests/${asked.json().id}/handle`, {
      outcome: 'refused',
      note: 'The report is right: a superficial peel was done.',
    });
    expect(handled.statusCode, handled.body).toBe(204);
    const again = await owner.call('POST', `/api/correction-requests/${asked.json().id}/handle`, {
      outcome: 'corrected',
      note: 'Changed after all',
    });
    expect(again.statusCode).toBe(409);
    const overview = (await portal('overview', { token: pieterToken })).json();
    expect(overview.corrections).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        reason: 'The report is right: a superficial peel was done.',
      }),
    ]);
    const [mail] = (await clinic.database.asOwner(
      `select recipient, subject, body from outbox_email where kind = 'correction_request' and client_id = '${pieter}'`,
    )) as { recipient: string; subject: string; body: string }[];
    expect(mail?.recipient).toBe('pieter.correctie@example.nl');
    expect(mail?.subject).toContain('your correction request');
    expect(mail?.body).toContain('Dear Pieter,');
    expect(mail?.body).toContain('a superficial peel was done');
  });

  it('corrected: the client is told in Dutch; the clinic’s note of the change stays with the clinic', async () => {
    const owner = await clinic.freshOwner();
    const [open] = (await owner.call('GET', '/api/correction-requests')).json();
    expect(open.outcome).toBeNull();
    const handled = await owner.call('POST', `/api/correction-requests/${open.id}/handle`, {
      outcome: 'corrected',
      note: 'Allergie latex uit de intake verwijderd (nieuwe versie)',
    });
    expect(handled.statusCode, handled.body).toBe(204);
    const overview = await portal('overview', { token: sanneToken });
    expect(overview.json().corrections).toEqual([
      expect.objectContaining({ outcome: 'corrected', reason: null }),
    ]);
    expect(overview.body).not.toContain('nieuwe versie');
    const [mail] = (await clinic.database.asOwner(
      `select subject, body from outbox_email where kind = 'correction_request' and client_id = '${sanne}'`,
    )) as { subject: string; body: string }[];
    expect(mail?.subject).toContain('je verzoek om correctie');
    expect(mail?.body).toContain('Beste Sanne,');
    const page = (await owner.call('GET', '/api/dashboard')).json();
    expect(page.tasks.correctionRequests).toEqual([]);
  });

  it('throttles many requests from one network address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await portal(
        'correction-request',
        { token: sanneToken, fieldGroup: 'other', wrong: `poging ${i}`, shouldBe: 'iets anders' },
        '192.0.2.99',
      );
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses).toContain(429);
  });

  it('the months end: 31 January is due on the last day of February', () => {
    expect(correctionDeadline(new Date('2027-01-31T10:00:00Z')).toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
    expect(correctionDeadline(new Date('2026-12-14T10:00:00Z')).toISOString()).toBe(
      '2027-01-14T10:00:00.000Z',
    );
  });
});

describe('the portal’s access log, grouped', () => {
  it('groups by day and role with counts, newest day first, the client’s own requests first', async () => {
    // Today the client sent several requests (the throttle test); the owner opens her dossier more often.
    const owner = await clinic.freshOwner();
    for (let i = 0; i < 7; i++) {
      expect((await owner.call('GET', `/api/clients/${sanne}`)).statusCode).toBe(200);
    }
    const overview = (await portal('overview', { token: sanneToken })).json();
    const log = overview.accessLog;
    expect(log.days.length).toBeGreaterThan(0);
    const dates = log.days.map((d: { date: string }) => d.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    const days = log.days as {
      date: string;
      groups: { role: string; action: string; objectType: string | null; count: number }[];
    }[];
    // The day the correction was asked for: the client's own act first.
    const asked = days.find((d) => d.groups.some((g) => g.objectType === 'correction_request'));
    expect(asked?.groups[0]).toMatchObject({
      role: 'client',
      action: 'create',
      objectType: 'correction_request',
    });
    const today = days[0];
    expect(
      today?.groups.find((g) => g.role === 'owner' && g.action === 'read')?.count,
    ).toBeGreaterThanOrEqual(7);
    expect(today?.groups[0]).toMatchObject({ role: 'client', objectType: 'correction_request' });
    // Staff by role, never by name; the client's own reads are not listed.
    const all = days.flatMap((d) => d.groups);
    expect(all.some((g) => g.role === 'practitioner' && g.count >= 1)).toBe(true);
    expect(all.some((g) => g.role === 'client' && g.action === 'read')).toBe(false);
    expect(JSON.stringify(log)).not.toContain('Anouk');
  });

  it('pages: at most 30 days, then "older" gives the days before', async () => {
    // One read of Sanne's dossier on each of 35 days.
    for (let day = 0; day < 35; day++) {
      clinic.clock.advance(24 * 3600 * 1000);
      const fresh = await clinic.freshOwner();
      expect((await fresh.call('GET', `/api/clients/${sanne}`)).statusCode).toBe(200);
    }
    const token = await linkFor('sanne.correctie@example.nl');
    pieterToken = await linkFor('pieter.correctie@example.nl');
    const first = (await portal('overview', { token })).json().accessLog;
    expect(first.days).toHaveLength(30);
    expect(first.older).toBe(first.days.at(-1).date);
    const second = await portal('access-log', { token, before: first.older });
    expect(second.statusCode, second.body).toBe(200);
    const older = second.json();
    expect(older.days.length).toBeGreaterThan(0);
    expect(older.days[0].date < first.older).toBe(true);
    const seen = new Set([...first.days, ...older.days].map((d: { date: string }) => d.date));
    expect(seen.size).toBe(first.days.length + older.days.length);
    // Another client's link cannot page through this client's log.
    // (Pieter's own log holds only the few days his dossier was touched, none of Sanne's 35.)
    const pieterLog = (await portal('overview', { token: pieterToken })).json().accessLog;
    expect(pieterLog.days.length).toBeGreaterThan(0);
    expect(pieterLog.days.length).toBeLessThan(5);
    const pieterOlder = (await portal('access-log', { token: pieterToken, before: first.older })).json();
    expect(pieterOlder.days.length).toBeLessThan(5);
    const bad = await portal('access-log', { token, before: 'gisteren' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('before');
  }, 180_000); // 35 sign-ins of the owner (argon2id), slow on a busy machine
});
