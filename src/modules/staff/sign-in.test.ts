import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, cookieFrom, type TestClinic } from '../../../test/support/clinic';
import { timeStep, totpCode } from '../../platform/totp';

let clinic: TestClinic;
beforeAll(async () => {
  clinic = await aClinic();
});
afterAll(() => clinic.close());

async function refusedSignInsOf(staffId: string): Promise<number> {
  const owner = await clinic.freshOwner();
  const log = await owner.call('GET', '/api/audit?action=sign_in&outcome=refused&limit=500');
  return (log.json() as { objectId: string }[]).filter((e) => e.objectId === staffId).length;
}

describe('first-run setup', () => {
  it('refuses to run twice', async () => {
    await expect(
      clinic.context.auth.setup(
        {
          clinic: { name: 'Tweede', privacyEmail: 'x@example.nl' },
          owner: { name: 'Indringer', email: 'indringer@example.nl', password: 'een-heel-lang-wachtwoord' },
        },
        'test',
      ),
    ).rejects.toThrow(/already been set up/);
  });

  it('refuses browser setup once the clinic exists, and without the printed code', async () => {
    const response = await clinic.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        setupCode: 'guessed',
        clinic: { name: 'X', privacyEmail: 'x@example.nl' },
        owner: { name: 'X', email: 'x@example.nl', password: 'een-heel-lang-wachtwoord' },
      },
    });
    expect(response.statusCode).toBe(403);
    expect((await clinic.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
  });
});

describe('signing in', () => {
  it('needs the password and then a code from the authenticator app', async () => {
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.owner.email, password: clinic.owner.password },
    });
    expect(login.json().state).toBe('second_factor');
    const pending = cookieFrom(login);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(login.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    // Half signed in: nothing but the second step.
    const blocked = await clinic.app.inject({
      method: 'GET',
      url: '/api/staff',
      headers: { cookie: pending },
    });
    expect(blocked.statusCode).toBe(401);
    const wrong = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    clinic.clock.advance(31_000);
    const code = totpCode(clinic.owner.totpSecret, timeStep(clinic.clock.now()));
    const right = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
      payload: { code },
    });
    expect(right.statusCode).toBe(200);
    const session = cookieFrom(right);
    expect(session).not.toBe(pending); // rotated at sign-in
    expect(
      (await clinic.app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: session } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await clinic.app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: pending } }))
        .statusCode,
    ).toBe(401);
  });

  it('refuses a TOTP code that was already used', async () => {
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.owner.email, password: clinic.owner.password },
    });
    const code = totpCode(clinic.owner.totpSecret, timeStep(clinic.clock.now()));
    const replay = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: cookieFrom(login), 'x-csrf-token': login.json().csrfToken },
      payload: { code },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('answers an unknown account exactly like a wrong password, and logs both', async () => {
    const unknown = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'niemand@example.nl', password: 'wat-dan-ook-123' },
    });
    const wrong = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.owner.email, password: 'wat-dan-ook-123' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
    const signIns = (
      await clinic.owner.call('GET', `/api/audit?action=sign_in&actorId=${clinic.owner.id}`)
    ).json();
    expect(signIns.length).toBeGreaterThan(0);
    const log = await clinic.owner.call('GET', '/api/audit?action=sign_in_failed');
    expect(log.json().length).toBeGreaterThanOrEqual(2);
  });

  it('backs off after repeated failures for an account, with Retry-After', async () => {
    const member = await clinic.hire('practitioner', 'Petra Probeer');
    let last = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: 'fout-fout-fout-1' },
    });
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await clinic.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: member.email, password: 'fout-fout-fout-1' },
      });
    }
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits.
    const right = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    expect(right.statusCode).toBe(429);
    clinic.clock.advance(16 * 60_000);
    const later = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    expect(later.statusCode).toBe(200);
    expect(await refusedSignInsOf(member.id)).toBeGreaterThan(0);
  });

  it('accepts each recovery code once', async () => {
    const member = await clinic.hire('reception', 'Rita Herstel');
    // The recovery codes were shown at enrolment; enrol a fresh account to capture them.
    const invited = await clinic.owner.call('POST', '/api/staff/invitations', {
      name: 'Henk Herstel',
      email: 'henk.herstel@huidkliniek-noord.nl',
      role: 'reception',
    });
    const token = new URL(invited.json().link).hash.replace('#token=', '');
    const password = 'herfstbladeren-vallen-zacht';
    await clinic.app.inject({ method: 'POST', url: '/api/invitations/accept', payload: { token, password } });
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'henk.herstel@huidkliniek-noord.nl', password },
    });
    const pending = cookieFrom(login);
    const secret = (
      await clinic.app.inject({ method: 'GET', url: '/api/auth/enrolment', headers: { cookie: pending } })
    ).json().secret;
    const enrolled = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/enrolment',
      headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
      payload: { code: totpCode(secret, timeStep(clinic.clock.now())) },
    });
    const recoveryCodes = enrolled.json().recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    const signInWithRecoveryCode = async () => {
      const again = await clinic.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'henk.herstel@huidkliniek-noord.nl', password },
      });
      return clinic.app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie: cookieFrom(again), 'x-csrf-token': again.json().csrfToken },
        payload: { recoveryCode: recoveryCodes[0] },
      });
    };
    expect((await signInWithRecoveryCode()).statusCode).toBe(200);
    expect((await signInWithRecoveryCode()).statusCode).toBe(401);
    expect(member.role).toBe('reception');
  });
});

describe('sessions', () => {
  it('end after 30 minutes without activity', async () => {
    const member = await clinic.hire('practitioner');
    clinic.clock.advance(29 * 60_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    clinic.clock.advance(29 * 60_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    clinic.clock.advance(31 * 60_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('are touched at most once a minute; the idle timeout holds to within that minute', async () => {
    const member = await clinic.hire('practitioner');
    const lastSeen = async () => {
      const [row] = await clinic.database.asOwner(
        `select last_seen_at from staff_session where staff_id = '${member.id}' order by last_seen_at desc limit 1`,
      );
      return new Date(row?.last_seen_at as string).toISOString();
    };
    clinic.clock.advance(2 * 60_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    const touched = clinic.clock.now().toISOString();
    expect(await lastSeen()).toBe(touched);
    // Within the minute: read, not written.
    clinic.clock.advance(50_000);
    const session = await member.call('GET', '/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(await lastSeen()).toBe(touched);
    // The screen is told when the session really goes idle: from the touch, not this request.
    expect(session.json().idleExpiresAt).toBe(new Date(Date.parse(touched) + 30 * 60_000).toISOString());
    // 29 minutes 11 seconds after the latest request, 30 minutes and a second after the touch: ended.
    clinic.clock.advance(29 * 60_000 + 11_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('are touched again once the last touch is a minute old', async () => {
    const member = await clinic.hire('practitioner');
    clinic.clock.advance(60_000);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    for (let minute = 0; minute < 40; minute++) {
      clinic.clock.advance(59_000);
      expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    }
  });

  it('end after 12 hours however active', async () => {
    const member = await clinic.hire('practitioner');
    for (let hour = 0; hour < 12; hour++) {
      clinic.clock.advance(20 * 60_000);
      expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
      clinic.clock.advance(20 * 60_000);
      await member.call('GET', '/api/auth/session');
      clinic.clock.advance(20 * 60_000);
      await member.call('GET', '/api/auth/session');
    }
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('end at sign-out; the old cookie replayed is refused', async () => {
    const member = await clinic.hire('practitioner');
    expect((await member.call('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
    expect((await member.call('GET', '/api/clients?q=anna')).statusCode).toBe(401);
  });

  it('end at once when the owner disables the account', async () => {
    const member = await clinic.hire('reception');
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await clinic.owner.call('POST', `/api/staff/${member.id}/disable`)).statusCode).toBe(204);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuse a state-changing request without the CSRF token, changing nothing', async () => {
    await clinic.freshOwner();
    const before = await clinic.owner.call('GET', '/api/clients?q=Zonder');
    const response = await clinic.app.inject({
      method: 'POST',
      url: '/api/clients',
      headers: { cookie: clinic.owner.cookie },
      payload: { firstName: 'Zonder', lastName: 'Token' },
    });
    expect(response.statusCode).toBe(403);
    const after = await clinic.owner.call('GET', '/api/clients?q=Zonder');
    expect(after.json()).toEqual(before.json());
  });

  it('refuse a cross-site request', async () => {
    const response = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: clinic.owner.email, password: clinic.owner.password },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('passwords', () => {
  it('must be at least 12 characters and not a common one', async () => {
    await clinic.freshOwner();
    for (const [password, message] of [
      ['kort', /at least 12/],
      ['123qweasdzxc', /commonly used/],
      ['wachtwoord123', /commonly used/],
    ] as const) {
      const invited = await clinic.owner.call('POST', '/api/staff/invitations', {
        name: 'Nieuw',
        email: `nieuw.${password.length}.${Math.random()}@example.nl`,
        role: 'reception',
      });
      const token = new URL(invited.json().link).hash.replace('#token=', '');
      const response = await clinic.app.inject({
        method: 'POST',
        url: '/api/invitations/accept',
        payload: { token, password },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('password');
      expect(response.json().errors[0].message).toMatch(message);
    }
  });

  it('are changed only with the current one, which ends the other sessions', async () => {
    const member = await clinic.hire('practitioner');
    const other = await clinic.signIn(member);
    const wrong = await member.call('POST', '/api/auth/password', {
      currentPassword: 'niet-het-goede-1',
      newPassword: 'een-nieuw-lang-wachtwoord',
    });
    expect(wrong.statusCode).toBe(400);
    const right = await member.call('POST', '/api/auth/password', {
      currentPassword: member.password,
      newPassword: 'een-nieuw-lang-wachtwoord',
    });
    expect(right.statusCode).toBe(204);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    const otherSession = await clinic.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: other.cookie },
    });
    expect(otherSession.statusCode).toBe(401);
  });

  it('replace the second factor only with the password, then enrol again at the next sign-in', async () => {
    const member = await clinic.hire('practitioner');
    const wrong = await member.call('POST', '/api/auth/second-factor/reset', {
      password: 'niet-het-goede-1',
    });
    expect(wrong.statusCode).toBe(400);
    expect(
      (await member.call('POST', '/api/auth/second-factor/reset', { password: member.password })).statusCode,
    ).toBe(204);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(401);
    const login = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    expect(login.json().state).toBe('enrol_second_factor');
    const enrolment = await clinic.app.inject({
      method: 'GET',
      url: '/api/auth/enrolment',
      headers: { cookie: cookieFrom(login) },
    });
    expect(enrolment.json().secret).not.toBe(member.totpSecret);
  });
});
