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
});
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
