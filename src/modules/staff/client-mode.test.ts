import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { CLIENT_MODE_ATTEMPTS } from './client-mode.service';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner treating Anna and Ben
let rosa: StaffMember; // reception
let anna: string;
let ben: string;
let facial: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Tablet');
  rosa = await clinic.hire('reception', 'Rosa Tablet');
  anna = await clinic.aClient(anouk, { firstName: 'Anna', lastName: 'Tablet' });
  ben = await clinic.aClient(anouk, { firstName: 'Ben', lastName: 'Tablet' });
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: 'facial' });
});
afterAll(() => clinic.close());

/** Another session of the same staff member (the tablet), calling the real API. */
function withSession(member: StaffMember, session: { cookie: string; csrfToken: string }): StaffMember {
  const self: StaffMember = {
    ...member,
    ...session,
    call: (method, url, payload) =>
      clinic.app.inject({
        method,
        url,
        headers: { cookie: self.cookie, 'x-csrf-token': self.csrfToken },
        ...(payload === undefined ? {} : { payload: payload as never }),
      }),
  };
  return self;
}

describe('client mode on the tablet', () => {
  it('reaches only the client’s own intake form until the staff password ends it', async () => {
    const pad = withSession(anouk, await clinic.signIn(anouk));
    expect((await pad.call('POST', '/api/auth/client-mode', { clientId: anna })).statusCode).toBe(204);
    expect((await pad.call('GET', '/api/auth/session')).json().clientMode).toEqual({ clientId: anna });

    // Nothing else: not the dossier, not the search, not another client's intake, not the catalogue.
    for (const [method, url] of [
      ['GET', `/api/clients/${anna}/dossier`],
      ['GET', `/api/clients/${anna}`],
      ['GET', '/api/clients?q=Tablet'],
      ['GET', '/api/treatment-types'],
      ['POST', `/api/clients/${ben}/intakes`],
    ] as const) {
      const refused = await pad.call(
        method,
        url,
        method === 'POST' ? { treatmentTypeId: facial } : undefined,
      );
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().detail).toMatch(/client mode/);
    }

    // The form and signing it work for Anna.
    const form = await formOf(pad, facial);
    const signed = await pad.call('POST', `/api/clients/${anna}/intakes`, {
      treatmentTypeId: facial,
      answers: harmlessAnswers(form.template.questions),
      signature: aSignature(),
    });
    expect(signed.statusCode).toBe(201);

    // Another session of the same practitioner is not affected.
    expect((await anouk.call('GET', `/api/clients/${anna}/dossier`)).statusCode).toBe(200);

    const wrong = await pad.call('POST', '/api/auth/client-mode/exit', {
      password: 'raden-is-geen-wachtwoord',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('password');
    expect((await pad.call('GET', `/api/clients/${anna}/dossier`)).statusCode).toBe(403);

    expect(
      (await pad.call('POST', '/api/auth/client-mode/exit', { password: anouk.password })).statusCode,
    ).toBe(204);
    expect((await pad.call('GET', '/api/auth/session')).json().clientMode).toBeNull();
    expect((await pad.call('GET', `/api/clients/${anna}/dossier`)).statusCode).toBe(200);
  });

  it('ends the session after five wrong passwords, so the tablet needs a full sign-in', async () => {
    const pad = withSession(anouk, await clinic.signIn(anouk));
    await pad.call('POST', '/api/auth/client-mode', { clientId: anna });
    for (let attempt = 1; attempt < CLIENT_MODE_ATTEMPTS; attempt++) {
      expect(
        (await pad.call('POST', '/api/auth/client-mode/exit', { password: `gok-${attempt}` })).statusCode,
      ).toBe(400);
    }
    const last = await pad.call('POST', '/api/auth/client-mode/exit', { password: 'laatste-gok' });
    expect(last.statusCode).toBe(401);
    expect(String(last.headers['set-cookie'])).toMatch(/vellum_session=;/);
    // Even the right password is too late now.
    expect(
      (await pad.call('POST', '/api/auth/client-mode/exit', { password: anouk.password })).statusCode,
    ).toBe(401);
    expect((await pad.call('GET', '/api/auth/session')).statusCode).toBe(401);
    const refusals = await clinic.database.asOwner(
      `select count(*)::int as n from audit_event where object_type = 'client_mode' and action = 'sign_in_failed'`,
    );
    expect(refusals[0]?.n).toBeGreaterThanOrEqual(CLIENT_MODE_ATTEMPTS);
  });

  it('is only for someone who may record the client’s intake', async () => {
    expect((await rosa.call('POST', '/api/auth/client-mode', { clientId: anna })).statusCode).toBe(403);
    const bram = await clinic.hire('practitioner', 'Bram Tablet');
    expect((await bram.call('POST', '/api/auth/client-mode', { clientId: anna })).statusCode).toBe(404);
    expect((await bram.call('GET', '/api/auth/session')).json().clientMode).toBeNull();
  });
});
