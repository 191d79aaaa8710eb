import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { expectStatus } from '../../../test/support/status';
import { maskTokens } from './outbox.service';

let clinic: TestClinic;
let anouk: StaffMember;
let rosa: StaffMember;
let client: string;
const CANCEL = 'Qx7pV2mN9rT4sW8yZ1aB3cD5eF6gH0jK2lM4nP6qR8s';
const RESCHEDULE = 'Lk3Jh5Gf7Dd9Ss1Aa2Qq4Ww6Ee8Rr0Tt2Yy4Uu6Ii8o';
const mailId = randomUUID();
const failedId = randomUUID();
const sentId = randomUUID();
const PORTAL = 'Pp1Oo2Ii3Uu4Yy5Tt6Rr7Ee8Ww9Qq0Aa1Ss2Dd3Ff4Gg';
const INTAKE = 'Ii9Nn8Tt7Aa6Kk5Ee4Ll3Ii2Nn1Kk0Zz9Xx8Cc7Vv6Bb';

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Outbox');
  rosa = await clinic.hire('reception', 'Rosa Outbox');
  client = await clinic.aClient(anouk, {
    firstName: 'Eva',
    lastName: 'Outbox',
    email: 'eva.outbox@example.nl',
  });
  // A booking confirmation as the agenda writes it: live cancel and reschedule links.
  await clinic.database.asOwner(`insert into outbox_email (id, recipient, subject, body, kind, client_id, created_at)
    values ('${mailId}', 'eva.outbox@example.nl', 'Uw afspraak',
      'Annuleren: http://localhost:3000/book/cancel#token=${CANCEL}\nVerzetten: http://localhost:3000/book/reschedule#token=${RESCHEDULE}\n',
      'booking_confirmation', '${client}', now())`);
  // An intake link the mail server refused once, to be tried again in four minutes.
  await clinic.database.asOwner(`insert into outbox_email
      (id, recipient, subject, body, kind, client_id, created_at, attempts, last_error, next_attempt_at)
    values ('${failedId}', 'eva.outbox@example.nl', 'Uw intake',
      'Intake: http://localhost:3000/intake#token=${INTAKE}\n', 'intake_link', '${client}',
      now() - interval '10 minutes', 3, '550 mailbox unavailable', now() + interval '4 minutes')`);
  // A portal link that went out.
  await clinic.database.asOwner(`insert into outbox_email
      (id, recipient, subject, body, kind, client_id, created_at, sent_at, attempts)
    values ('${sentId}', 'eva.outbox@example.nl', 'Uw privacyportaal',
      'Portaal: http://localhost:3000/privacy-portal#token=${PORTAL}\n', 'privacy_portal', '${client}',
      now() - interval '1 hour', now() - interval '59 minutes', 1)`);
});

type Mail = {
  id: string;
  status: string;
  body: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
};
afterAll(() => clinic.close());

describe("the owner's outbox", () => {
  it("[P10.1] shows clients' one-time links masked: the page stays visible, the token does not", async () => {
    const owner = await clinic.freshOwner();
    const invited = await expectStatus(
      owner.call('POST', '/api/staff/invitations', {
        name: 'Ilse Outbox',
        email: 'ilse.outbox@huidkliniek-noord.nl',
        role: 'practitioner',
      }),
      201,
    );
    const invitationToken = new URL(invited.json().link).hash.slice('#token='.length);
    expect(invitationToken.length).toBeGreaterThan(20);

    const list = await expectStatus(owner.call('GET', '/api/outbox'), 200);
    for (const token of [CANCEL, RESCHEDULE, invitationToken]) {
      expect(list.body).not.toContain(token);
      expect(list.body).not.toContain(token.slice(0, 12));
    }
    const mails = list.json() as { id: string; body: string; recipient: string }[];
    const booking = mails.find((m) => m.id === mailId);
    expect(booking?.body).toContain(`http://localhost:3000/book/cancel#token=…${CANCEL.slice(-4)}`);
    expect(booking?.body).toContain(`http://localhost:3000/book/reschedule#token=…${RESCHEDULE.slice(-4)}`);
    const invitation = mails.find((m) => m.recipient === 'ilse.outbox@huidkliniek-noord.nl');
    expect(invitation?.body).toContain(`/app/invitation#token=…${invitationToken.slice(-4)}`);
  });

  it('[P10.1] opens one e-mail in full for the owner to pass on, logged against the client; nobody else', async () => {
    const owner = await clinic.freshOwner();
    const opened = await expectStatus(owner.call('GET', `/api/outbox/${mailId}`), 200);
    expect(opened.json().body).toContain(`/book/cancel#token=${CANCEL}`);
    const [entry] = await clinic.database.asOwner(
      `select actor_id, client_id, outcome from audit_event where object_type = 'outbox_email' and object_id = '${mailId}'`,
    );
    expect(entry).toMatchObject({ actor_id: owner.id, client_id: client, outcome: 'allowed' });
    for (const member of [anouk, rosa]) {
      const refused = await member.call('GET', `/api/outbox/${mailId}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain(CANCEL);
      expect((await member.call('GET', '/api/outbox')).statusCode).toBe(403);
    }
    expect((await owner.call('GET', `/api/outbox/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('masks a token in a query string too, and leaves other text alone', () => {
    expect(maskTokens('https://x.nl/api/public/calendar.ics?token=abcdefghijklmnop&x=1')).toBe(
      'https://x.nl/api/public/calendar.ics?token=…mnop&x=1',
    );
    expect(maskTokens('Uw afspraak op 3 december; token van de kassa: 1234')).toBe(
      'Uw afspraak op 3 december; token van de kassa: 1234',
    );
  });
});

describe('the outbox by status', () => {
  it('lists waiting, failed and sent mails apart, each with its status, links masked in every list', async () => {
    const owner = await clinic.freshOwner();
    const lists: Record<string, Mail[]> = {};
    for (const status of ['waiting', 'failed', 'sent']) {
      const response = await expectStatus(owner.call('GET', `/api/outbox?status=${status}`), 200);
      for (const token of [CANCEL, RESCHEDULE, PORTAL, INTAKE]) {
        expect(response.body).not.toContain(token.slice(0, 12));
      }
      lists[status] = response.json() as Mail[];
      expect(lists[status]?.every((m) => m.status === status)).toBe(true);
    }
    expect(lists.waiting?.map((m) => m.id)).toContain(mailId);
    expect(lists.waiting?.map((m) => m.id)).not.toContain(failedId);

    const failed = lists.failed?.find((m) => m.id === failedId);
    expect(failed).toMatchObject({ attempts: 3, lastError: '550 mailbox unavailable', sentAt: null });
    expect(new Date(String(failed?.nextAttemptAt)).getTime()).toBeGreaterThan(Date.now());
    expect(failed?.body).toContain(`/intake#token=…${INTAKE.slice(-4)}`);

    expect(lists.sent?.map((m) => m.id)).toEqual([sentId]);
    expect(lists.sent?.[0]?.sentAt).not.toBeNull();
    expect(lists.sent?.[0]?.body).toContain(`/privacy-portal#token=…${PORTAL.slice(-4)}`);

    // Without a status: every unsent mail, as before.
    const unsent = (await expectStatus(owner.call('GET', '/api/outbox'), 200)).json() as Mail[];
    expect(unsent.map((m) => m.id)).toEqual(expect.arrayContaining([mailId, failedId]));
    expect(unsent.map((m) => m.id)).not.toContain(sentId);
    expect((await owner.call('GET', '/api/outbox?status=lost')).statusCode).toBe(400);

    for (const member of [anouk, rosa]) {
      for (const status of ['waiting', 'failed', 'sent']) {
        const refused = await member.call('GET', `/api/outbox?status=${status}`);
        expect(refused.statusCode).toBe(403);
        expect(refused.body).not.toContain('eva.outbox');
      }
    }
  });

  it('opens a failed mail in full, but not a sent one', async () => {
    const owner = await clinic.freshOwner();
    const opened = await expectStatus(owner.call('GET', `/api/outbox/${failedId}`), 200);
    expect(opened.json().body).toContain(`/intake#token=${INTAKE}`);
    expect((await owner.call('GET', `/api/outbox/${sentId}`)).statusCode).toBe(404);
  });

  it('resends a failed mail at once for the owner, logged against the client; nobody else; never a sent one', async () => {
    for (const member of [anouk, rosa]) {
      expect((await member.call('POST', `/api/outbox/${failedId}/resend`)).statusCode).toBe(403);
    }
    const [untouched] = await clinic.database.asOwner(
      `select next_attempt_at from outbox_email where id = '${failedId}'`,
    );
    expect(untouched?.next_attempt_at).not.toBeNull();

    const owner = await clinic.freshOwner();
    const resent = await expectStatus(owner.call('POST', `/api/outbox/${failedId}/resend`), 200);
    expect(resent.json()).toMatchObject({ id: failedId, status: 'failed', attempts: 3, nextAttemptAt: null });
    expect(resent.body).not.toContain(INTAKE.slice(0, 12));
    const [row] = await clinic.database.asOwner(
      `select next_attempt_at, attempts from outbox_email where id = '${failedId}'`,
    );
    expect(row).toMatchObject({ next_attempt_at: null, attempts: 3 });
    const entries = await clinic.database.asOwner(
      `select actor_id, client_id, outcome from audit_event
        where action = 'update' and object_type = 'outbox_email' and object_id = '${failedId}' order by seq`,
    );
    expect(entries).toEqual([
      expect.objectContaining({ actor_id: anouk.id, outcome: 'refused' }),
      expect.objectContaining({ actor_id: rosa.id, outcome: 'refused' }),
      expect.objectContaining({ actor_id: owner.id, client_id: client, outcome: 'allowed' }),
    ]);

    await expectStatus(owner.call('POST', `/api/outbox/${mailId}/resend`), 200);
    expect((await owner.call('POST', `/api/outbox/${sentId}/resend`)).statusCode).toBe(409);
    expect((await owner.call('POST', `/api/outbox/${randomUUID()}/resend`)).statusCode).toBe(404);
  });

  it('says whether a mail server is configured, for the banner', async () => {
    const owner = await clinic.freshOwner();
    expect((await expectStatus(owner.call('GET', '/api/outbox/mail-server'), 200)).json()).toEqual({
      configured: false,
    });
    clinic.context.config.smtpUrl = 'smtp://127.0.0.1:2525';
    try {
      expect((await owner.call('GET', '/api/outbox/mail-server')).json()).toEqual({ configured: true });
    } finally {
      clinic.context.config.smtpUrl = undefined;
    }
  });
});
