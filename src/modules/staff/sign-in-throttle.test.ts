import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, cookieFrom, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { timeStep, totpCode } from '../../platform/totp';

let clinic: TestClinic;
beforeAll(async () => {
  clinic = await aClinic();
});
afterAll(() => clinic.close());

/** Staff in these tests sign in from the inject default, 127.0.0.1: their usual place. */
const login = (email: string, password: string, from = '127.0.0.1') =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: from,
  });

/** What a caller can see of an answer. */
const seen = (response: Awaited<ReturnType<typeof login>>) => ({
  status: response.statusCode,
  body: response.body,
  retryAfter: response.headers['retry-after'],
});

async function auditCount(where: string): Promise<number> {
  const rows = await clinic.database.asOwner(`select count(*)::int as n from audit_event where ${where}`);
  return Number(rows[0]?.n ?? 0);
}

describe('a stranger who knows a staff e-mail', () => {
  it('cannot lock its owner out of their usual place, is locked out everywhere else, and learns nothing', async () => {
    const petra = await clinic.hire('practitioner', 'Petra Doelwit');
    const stranger = (i: number) => `198.51.100.${(i % 10) + 1}`;
    const strangerAtNobody = (i: number) => `198.51.101.${(i % 10) + 1}`;
    // Past the TOTP step Petra used when she was hired; time then stands still.
    clinic.clock.advance(31_000);

    const againstPetra = [];
    for (let i = 0; i < 50; i++)
      againstPetra.push(seen(await login(petra.email, `gok-${i}-wachtwoord`, stranger(i))));
    const againstNobody = [];
    for (let i = 0; i < 50; i++)
      againstNobody.push(
        seen(await login('niemand@huidkliniek-noord.nl', `gok-${i}-wachtwoord`, strangerAtNobody(i))),
      );

    // Slowed, then locked: five tries in all, however many addresses.
    expect(againstPetra.map((a) => a.status)).toEqual([...Array(5).fill(401), ...Array(45).fill(429)]);
    // An unknown account answers exactly the same, wait included.
    expect(againstNobody).toEqual(againstPetra);

    // Petra, from where she signs in, is not locked out: password and second factor.
    const first = await login(petra.email, petra.password);
    expect(first.statusCode).toBe(200);
    const second = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: cookieFrom(first), 'x-csrf-token': first.json().csrfToken },
      payload: { code: totpCode(petra.totpSecret, timeStep(clinic.clock.now())) },
      remoteAddress: '127.0.0.1',
    });
    expect(second.statusCode).toBe(200);

    // The stranger's addresses stay throttled, even with the right password.
    expect((await login(petra.email, petra.password, stranger(0))).statusCode).toBe(429);
    expect((await login(petra.email, petra.password, '192.0.2.1')).statusCode).toBe(429);
    // Each refusal is in the trail.
    expect(
      await auditCount(`action = 'sign_in' and outcome = 'refused' and object_id = '${petra.id}'`),
    ).toBeGreaterThanOrEqual(45);
  });

  it('is stopped trying many accounts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      statuses.push((await login(`iemand-${i}@example.nl`, 'wat-dan-ook-123', '192.0.2.77')).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(21)).toEqual([429, 429, 429]);
    // The staff, elsewhere, sign in as before.
    expect((await login(clinic.owner.email, clinic.owner.password)).statusCode).toBe(200);
  });

  it('who shares the owner’s address is still slowed there, per account', async () => {
    const rita = await clinic.hire('reception', 'Rita Kantoor');
    for (let i = 0; i < 5; i++)
      expect((await login(rita.email, `fout-${i}-wachtwoord`)).statusCode).toBe(401);
    expect((await login(rita.email, rita.password)).statusCode).toBe(429);
    // Another account at the same address is not affected.
    expect((await login(clinic.owner.email, clinic.owner.password)).statusCode).toBe(200);
  });
});

describe('a password asked again', () => {
  async function wrongFiveTimes(member: StaffMember, url: string, body: (wrong: string) => object) {
    for (let i = 0; i < 5; i++) {
      const response = await member.call('POST', url, body(`niet-het-goede-${i}`));
      expect(response.statusCode, `attempt ${i + 1}`).toBe(400);
    }
  }

  it('to change the password is throttled and audited like a sign-in', async () => {
    const member = await clinic.hire('practitioner', 'Pim Wissel');
    await wrongFiveTimes(member, '/api/auth/password', (wrong) => ({
      currentPassword: wrong,
      newPassword: 'een-nieuw-lang-wachtwoord',
    }));
    const right = await member.call('POST', '/api/auth/password', {
      currentPassword: member.password,
      newPassword: 'een-nieuw-lang-wachtwoord',
    });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(
      await auditCount(
        `action = 'sign_in_failed' and object_type = 'password_change' and object_id = '${member.id}'`,
      ),
    ).toBe(5);
    expect(
      await auditCount(
        `action = 'sign_in' and outcome = 'refused' and object_type = 'password_change' and object_id = '${member.id}'`,
      ),
    ).toBe(1);
    // It counts against signing in, too.
    expect((await login(member.email, member.password)).statusCode).toBe(429);
    // After the wait, the right password works.
    clinic.clock.advance(31_000);
    const later = await member.call('POST', '/api/auth/password', {
      currentPassword: member.password,
      newPassword: 'een-nieuw-lang-wachtwoord',
    });
    expect(later.statusCode).toBe(204);
  });

  it('to replace the second factor is throttled and audited like a sign-in', async () => {
    const member = await clinic.hire('practitioner', 'Pien Telefoon');
    await wrongFiveTimes(member, '/api/auth/second-factor/reset', (wrong) => ({ password: wrong }));
    const right = await member.call('POST', '/api/auth/second-factor/reset', { password: member.password });
    expect(right.statusCode).toBe(429);
    expect((await member.call('GET', '/api/auth/session')).statusCode).toBe(200);
    expect(
      await auditCount(
        `action = 'sign_in_failed' and object_type = 'second_factor_reset' and object_id = '${member.id}'`,
      ),
    ).toBe(5);
  });

  it('to end client mode is throttled and audited like a sign-in', async () => {
    const member = await clinic.hire('practitioner', 'Pauline Tablet');
    const clientId = await clinic.aClient(member, {});
    expect((await member.call('POST', '/api/auth/client-mode', { clientId })).statusCode).toBe(204);
    for (let i = 0; i < 4; i++) {
      const response = await member.call('POST', '/api/auth/client-mode/exit', {
        password: `gok-${i}-gok-gok`,
      });
      expect(response.statusCode).toBe(400);
    }
    expect(
      await auditCount(
        `action = 'sign_in_failed' and object_type = 'client_mode' and object_id = '${member.id}'`,
      ),
    ).toBe(4);
    // A fifth failure ends the session and blocks the account at this address for a while.
    expect(
      (await member.call('POST', '/api/auth/client-mode/exit', { password: 'laatste-gok-1' })).statusCode,
    ).toBe(401);
    expect((await login(member.email, member.password)).statusCode).toBe(429);
  });
});
