import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { timeStep, totpCode } from '../../platform/totp';

let clinic: TestClinic;
let owner: StaffMember;
beforeAll(async () => {
  clinic = await aClinic();
  owner = clinic.owner;
});
afterAll(() => clinic.close());

type Invitation = { id: string; name: string; email: string; expired: boolean; expiresAt: string };

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');
const accept = (token: string) =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/invitations/accept',
    payload: { token, password: 'herfst-bladeren-vallen-2026' },
  });
const auditOf = async (action: string, objectId: string) =>
  (
    (await (await clinic.freshOwner()).call('GET', `/api/audit?action=${action}&limit=500`)).json() as {
      objectId: string;
      actorId: string;
      outcome: string;
    }[]
  ).filter((e) => e.objectId === objectId);

describe('pending invitations', () => {
  it('lists invitations not yet accepted, expired ones too, and never accepted ones', async () => {
    await clinic.freshOwner();
    const invited = await owner.call('POST', '/api/staff/invitations', {
      name: 'Petra Wacht',
      email: 'petra.wacht@huidkliniek-noord.nl',
      role: 'practitioner',
    });
    expect(invited.statusCode).toBe(201);
    const hired = await clinic.hire('reception', 'Rita Binnen');
    const list = (await owner.call('GET', '/api/staff/invitations')).json() as Invitation[];
    expect(list.map((i) => i.name)).toContain('Petra Wacht');
    expect(list.map((i) => i.email)).not.toContain(hired.email);
    expect(list.find((i) => i.name === 'Petra Wacht')?.expired).toBe(false);
  });

  it('resends with a new link that works, and the old link no longer does', async () => {
    const owner = await clinic.freshOwner();
    const invited = await owner.call('POST', '/api/staff/invitations', {
      name: 'Sanne Opnieuw',
      email: 'sanne.opnieuw@huidkliniek-noord.nl',
      role: 'reception',
    });
    const { invitationId, link: oldLink } = invited.json();
    clinic.clock.advance(8 * 24 * 3600 * 1000); // past the 7 days
    await clinic.freshOwner();
    const listed = (await owner.call('GET', '/api/staff/invitations')).json() as Invitation[];
    expect(listed.find((i) => i.id === invitationId)?.expired).toBe(true);
    const resent = await owner.call('POST', `/api/staff/invitations/${invitationId}/resend`);
    expect(resent.statusCode).toBe(200);
    expect(new Date(resent.json().expiresAt).getTime()).toBeGreaterThan(clinic.clock.now().getTime());
    const mail = await clinic.database.asOwner(
      `select count(*)::int as n from outbox_email where recipient = 'sanne.opnieuw@huidkliniek-noord.nl'`,
    );
    expect(mail[0]?.n).toBe(2);
    expect((await accept(tokenOf(oldLink))).statusCode).toBe(404);
    expect((await accept(tokenOf(resent.json().link))).statusCode).toBe(201);
    expect(await auditOf('invite', invitationId)).toHaveLength(2);
    // Accepted: no longer pending, and cannot be resent.
    expect(
      ((await owner.call('GET', '/api/staff/invitations')).json() as Invitation[]).map((i) => i.id),
    ).not.toContain(invitationId);
    expect((await owner.call('POST', `/api/staff/invitations/${invitationId}/resend`)).statusCode).toBe(404);
  });

  it('revokes: the link stops working, the invitation leaves the list, with an audit entry', async () => {
    const owner = await clinic.freshOwner();
    const invited = await owner.call('POST', '/api/staff/invitations', {
      name: 'Tom Toch Niet',
      email: 'tom.tochniet@huidkliniek-noord.nl',
      role: 'practitioner',
    });
    const { invitationId, link } = invited.json();
    expect((await owner.call('DELETE', `/api/staff/invitations/${invitationId}`)).statusCode).toBe(204);
    expect((await accept(tokenOf(link))).statusCode).toBe(404);
    expect(
      ((await owner.call('GET', '/api/staff/invitations')).json() as Invitation[]).map((i) => i.id),
    ).not.toContain(invitationId);
    expect(await auditOf('revoke', invitationId)).toHaveLength(1);
    expect((await owner.call('DELETE', `/api/staff/invitations/${invitationId}`)).statusCode).toBe(404);
  });

  it('is for the owner only', async () => {
    const eva = await clinic.hire('practitioner', 'Eva Nieuwsgierig');
    expect((await eva.call('GET', '/api/staff/invitations')).statusCode).toBe(403);
  });
});

describe("changing a colleague's role", () => {
  it('takes effect at once, with an audit entry', async () => {
    const rosa = await clinic.hire('reception', 'Rosa Rol');
    expect((await rosa.call('GET', '/api/staff')).statusCode).toBe(403);
    const owner = await clinic.freshOwner();
    expect((await owner.call('PUT', `/api/staff/${rosa.id}/role`, { role: 'owner' })).statusCode).toBe(204);
    // Her running session now carries the new role.
    expect((await rosa.call('GET', '/api/staff')).statusCode).toBe(200);
    expect((await rosa.call('GET', '/api/auth/session')).json().staff.role).toBe('owner');
    const entries = await auditOf('role_changed', rosa.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actorId).toBe(owner.id);
    expect((await owner.call('PUT', `/api/staff/${rosa.id}/role`, { role: 'reception' })).statusCode).toBe(
      204,
    );
    expect((await rosa.call('GET', '/api/staff')).statusCode).toBe(403);
  });

  it('refuses an unknown role naming the field, and non-owners', async () => {
    const pim = await clinic.hire('practitioner', 'Pim Promotie');
    const owner = await clinic.freshOwner();
    const bad = await owner.call('PUT', `/api/staff/${pim.id}/role`, { role: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role');
    expect((await pim.call('PUT', `/api/staff/${pim.id}/role`, { role: 'owner' })).statusCode).toBe(403);
    expect(
      (await owner.call('GET', '/api/staff')).json().find((s: StaffMember) => s.id === pim.id).role,
    ).toBe('practitioner');
  });

  it('does not let the last owner demote themselves; with a second owner they may', async () => {
    const owner = await clinic.freshOwner();
    const alone = await owner.call('PUT', `/api/staff/${owner.id}/role`, { role: 'practitioner' });
    expect(alone.statusCode).toBe(409);
    expect((await owner.call('GET', '/api/auth/session')).json().staff.role).toBe('owner');
    const kim = await clinic.hire('practitioner', 'Kim Mede-eigenaar');
    expect((await owner.call('PUT', `/api/staff/${kim.id}/role`, { role: 'owner' })).statusCode).toBe(204);
    // Kim, now an owner, may not be the one who leaves the clinic without an owner either.
    expect(
      (await owner.call('PUT', `/api/staff/${owner.id}/role`, { role: 'practitioner' })).statusCode,
    ).toBe(204);
    expect((await kim.call('PUT', `/api/staff/${kim.id}/role`, { role: 'reception' })).statusCode).toBe(409);
    // Put things back for the other tests.
    expect((await kim.call('PUT', `/api/staff/${owner.id}/role`, { role: 'owner' })).statusCode).toBe(204);
  });
});

describe("resetting a colleague's second factor", () => {
  it('ends their sessions, forces set-up at the next sign-in, and is audited', async () => {
    const lotte = await clinic.hire('practitioner', 'Lotte Telefoon-kwijt');
    const owner = await clinic.freshOwner();
    expect((await owner.call('POST', `/api/staff/${lotte.id}/second-factor/reset`)).statusCode).toBe(204);
    expect((await lotte.call('GET', '/api/auth/session')).statusCode).toBe(401);
    const member = (
      (await owner.call('GET', '/api/staff')).json() as { id: string; secondFactor: boolean }[]
    ).find((s) => s.id === lotte.id);
    expect(member?.secondFactor).toBe(false);
    clinic.clock.advance(31_000);
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: lotte.email, password: lotte.password },
    });
    expect(login.json().state).toBe('enrol_second_factor');
    // The old authenticator app no longer counts.
    const old = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: {
        cookie: String(login.headers['set-cookie']).split(';')[0],
        'x-csrf-token': login.json().csrfToken,
      },
      payload: { code: totpCode(lotte.totpSecret, timeStep(clinic.clock.now())) },
    });
    expect(old.statusCode).toBe(409);
    const entries = await auditOf('second_factor_reset', lotte.id);
    expect(entries.map((e) => [e.actorId, e.outcome])).toEqual([[owner.id, 'allowed']]);
  });

  it('is for the owner only, and not for their own account (that asks for the password)', async () => {
    const rik = await clinic.hire('practitioner', 'Rik Reset');
    const noor = await clinic.hire('practitioner', 'Noor Niet');
    expect((await rik.call('POST', `/api/staff/${noor.id}/second-factor/reset`)).statusCode).toBe(403);
    expect((await noor.call('GET', '/api/auth/session')).statusCode).toBe(200);
    const owner = await clinic.freshOwner();
    expect((await owner.call('POST', `/api/staff/${owner.id}/second-factor/reset`)).statusCode).toBe(409);
  });
});
